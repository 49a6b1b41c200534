import React, { useEffect, useState } from 'react';
import { ApiClient } from 'adminjs';
import { Box, Button, H2, Input, Label, MessageBox, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';

const api = new ApiClient();
const when = (iso) => (iso ? iso.slice(0, 16).replace('T', ' ') : 'never');

/**
 * The signed-in user's API keys for Subsonic apps. A new key is shown once, with what to type
 * into the app; deleting asks first, and both changes are POSTs from this page.
 */
const ApiKeys = () => {
  const [data, setData] = useState(null);
  const [name, setName] = useState('');
  const [confirming, setConfirming] = useState(null);
  const [busy, setBusy] = useState(false);

  const load = (request) =>
    request.then(
      (res) => setData(res.data),
      (e) => setData((d) => ({ ...(d ?? { keys: [] }), error: String(e) })),
    );
  useEffect(() => void load(api.getPage({ pageName: 'apiKeys' })), []);
  const post = (body) => {
    setBusy(true);
    return load(api.getPage({ pageName: 'apiKeys', method: 'post', data: body })).finally(() => setBusy(false));
  };
  const create = (e) => {
    e.preventDefault();
    post({ action: 'create', name }).then(() => setName(''));
  };
  const remove = (id) => post({ action: 'delete', id }).then(() => setConfirming(null));

  if (!data) return <Box variant="container">Loading your API keys…</Box>;
  return (
    <Box variant="container" data-testid="api-keys-page">
      <H2>API keys</H2>
      <Text mb="xl">
        A key lets a Subsonic app (DSub, Symfonium, Feishin, play:Sub…) use your account without your password. Give each app
        its own key, so you can delete one without touching the others.
      </Text>
      {data.error && <MessageBox mb="xl" variant="danger" message={data.error} data-testid="api-keys-error" />}
      {data.notice && <MessageBox mb="xl" variant="success" message={data.notice} />}
      {data.created && (
        <Box mb="xl" p="lg" bg="grey20" data-testid="new-api-key">
          <Text mb="default">
            Your new key <strong>{data.created.name}</strong>. Copy it now: it is not shown again.
          </Text>
          <Input readOnly width="100%" value={data.created.key} data-testid="new-api-key-value" onFocus={(e) => e.target.select()} />
          <Text mt="lg">In the Subsonic app, add a server with:</Text>
          <Box as="ul" mt="default" ml="xl" style={{ listStyle: 'disc' }}>
            <li>Server: <code data-testid="hint-server">{data.serverUrl}</code></li>
            <li>Username: <code data-testid="hint-username">{data.username}</code></li>
            <li>Password: this key</li>
          </Box>
        </Box>
      )}
      <Box as="form" onSubmit={create} mb="xl" flex flexDirection="row" alignItems="flex-end" style={{ gap: 16 }}>
        <Box flexGrow={1}>
          <Label htmlFor="api-key-name">Name of the new key</Label>
          <Input id="api-key-name" width="100%" maxLength={100} placeholder="e.g. Phone" value={name} onChange={(e) => setName(e.target.value)} />
        </Box>
        <Button type="submit" variant="contained" disabled={busy} data-testid="create-api-key">Create key</Button>
      </Box>
      {data.keys.length === 0 ? (
        <Text data-testid="no-api-keys">You have no API keys.</Text>
      ) : (
        <Table width="100%" data-testid="api-keys-table">
          <TableHead>
            <TableRow><TableCell>Name</TableCell><TableCell>Created</TableCell><TableCell>Last used</TableCell><TableCell /></TableRow>
          </TableHead>
          <TableBody>
            {data.keys.map((k) => (
              <TableRow key={k.id} data-testid="api-key-row">
                <TableCell>{k.name}</TableCell>
                <TableCell>{when(k.createdAt)}</TableCell>
                <TableCell>{when(k.lastUsedAt)}</TableCell>
                <TableCell style={{ textAlign: 'right' }}>
                  {confirming === k.id ? (
                    <>
                      <Text as="span" mr="default">Delete “{k.name}”? Apps using it stop working.</Text>
                      <Button size="sm" variant="danger" disabled={busy} onClick={() => remove(k.id)} data-testid="confirm-delete-api-key">Delete</Button>
                      <Button size="sm" variant="text" ml="sm" onClick={() => setConfirming(null)}>Cancel</Button>
                    </>
                  ) : (
                    <Button size="sm" variant="outlined" color="danger" onClick={() => setConfirming(k.id)} data-testid="delete-api-key">Delete</Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
};

export default ApiKeys;

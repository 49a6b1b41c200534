import React, { useState } from 'react';
import { ApiClient, useActionResponseHandler } from 'adminjs';
import { Box, Button, Text } from '@adminjs/design-system';

const api = new ApiClient();

/**
 * The page of a state-changing action (of a record, or of the resource when there is no record):
 * it asks, and only the button sends the change, by POST. AdminJS would otherwise call the
 * action by GET, which a link from anywhere can do.
 */
const ConfirmAction = ({ action, record, resource }) => {
  const [busy, setBusy] = useState(false);
  const handleResponse = useActionResponseHandler();
  const confirm = () => {
    setBusy(true);
    const sent = record
      ? api.recordAction({ resourceId: resource.id, recordId: record.id, actionName: action.name, data: {} })
      : api.resourceAction({ resourceId: resource.id, actionName: action.name, data: {} });
    sent
      .then(handleResponse)
      .finally(() => setBusy(false));
  };
  return (
    <Box variant="container" data-testid="confirm-action">
      <Text mb="xl">{action.custom.question}</Text>
      {record ? <Text mb="xl" color="grey60">{record.title}</Text> : null}
      <Button variant="contained" disabled={busy} onClick={confirm} data-testid="confirm-action-button">
        {action.custom.confirm}
      </Button>
    </Box>
  );
};

export default ConfirmAction;

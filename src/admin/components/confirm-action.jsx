import React, { useState } from 'react';
import { ApiClient, useActionResponseHandler } from 'adminjs';
import { Box, Button, Text } from '@adminjs/design-system';

const api = new ApiClient();

/**
 * The page of a state-changing record action: it asks, and only the button sends the change,
 * by POST. AdminJS would otherwise call the action by GET, which a link from anywhere can do.
 */
const ConfirmAction = ({ action, record, resource }) => {
  const [busy, setBusy] = useState(false);
  const handleResponse = useActionResponseHandler();
  const confirm = () => {
    setBusy(true);
    api
      .recordAction({ resourceId: resource.id, recordId: record.id, actionName: action.name, data: {} })
      .then(handleResponse)
      .finally(() => setBusy(false));
  };
  return (
    <Box variant="container" data-testid="confirm-action">
      <Text mb="xl">{action.custom.question}</Text>
      <Text mb="xl" color="grey60">{record.title}</Text>
      <Button variant="contained" disabled={busy} onClick={confirm} data-testid="confirm-action-button">
        {action.custom.confirm}
      </Button>
    </Box>
  );
};

export default ConfirmAction;

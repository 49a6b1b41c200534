import React from 'react';
import { BasePropertyComponent } from 'adminjs';
import { Text } from '@adminjs/design-system';

/** The track's title: optional on upload, where the media service takes it from the tags; required once the track exists. */
const UploadTitle = (props) => {
  const uploading = !props.record?.id;
  const property = { ...props.property, isRequired: !uploading, components: undefined };
  return (
    <>
      <BasePropertyComponent {...props} property={property} />
      {uploading && (
        <Text mb="xl" color="grey60" fontSize="sm" style={{ marginTop: -40 }} data-testid="title-hint">
          Leave empty to take it from the file's tags
        </Text>
      )}
    </>
  );
};

export default UploadTitle;

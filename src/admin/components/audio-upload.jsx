import React from 'react';

/**
 * A file field: the panel sends the chosen file as multipart, and the track is stored through
 * the media service. A stored track keeps its audio, so the edit form (a record with an id) has none.
 */
const AudioUpload = ({ property, record, onChange }) => {
  if (record?.id) return null;
  return (
    <div style={{ marginBottom: 24 }}>
      <label htmlFor="audioFile" style={{ display: 'block', marginBottom: 8, fontWeight: 500 }}>Audio file</label>
      <input id="audioFile" name="audioFile" type="file" accept="audio/*" onChange={(e) => onChange(property.path, e.target.files[0])} />
      <p style={{ color: '#666', fontSize: 12 }}>Title, artists and album are read from the tags when left empty.</p>
    </div>
  );
};

export default AudioUpload;

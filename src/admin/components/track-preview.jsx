import React, { useState } from 'react';

/** The track's cover and a player; both are served by the panel's own session-checked routes. */
const TrackPreview = ({ record }) => {
  const [coverOk, setCoverOk] = useState(true);
  const id = record.params.id;
  return (
    <div style={{ display: 'flex', gap: 16, alignItems: 'center', marginBottom: 24 }} data-testid="track-preview">
      {coverOk ? (
        <img src={`/admin/media/tracks/${id}/cover`} alt="Cover" width="120" height="120" style={{ objectFit: 'cover', borderRadius: 6, background: '#eee' }} onError={() => setCoverOk(false)} />
      ) : (
        <div style={{ width: 120, height: 120, borderRadius: 6, background: '#eee', display: 'flex', alignItems: 'center', justifyContent: 'center', color: '#888' }}>No cover</div>
      )}
      <audio controls preload="none" src={`/admin/media/tracks/${id}/audio`} />
    </div>
  );
};

export default TrackPreview;

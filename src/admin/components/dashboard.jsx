import React, { useEffect, useState } from 'react';
import { ApiClient } from 'adminjs';

const api = new ApiClient();
const card = { background: '#fff', borderRadius: 8, padding: 16, boxShadow: '0 1px 3px rgba(0,0,0,.08)' };
const fmt = (n) => (n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US'));
const hours = (ms) => `${(ms / 3_600_000).toFixed(1)} h`;

/** Plays per bucket as an inline SVG line with an area under it; no chart library. */
function LineChart({ series, field, color, label }) {
  const w = 720, h = 200, pad = 32;
  const max = Math.max(1, ...series.map((b) => b[field]));
  const x = (i) => pad + (i * (w - 2 * pad)) / Math.max(1, series.length - 1);
  const y = (v) => h - pad - (v * (h - 2 * pad)) / max;
  const points = series.map((b, i) => `${x(i).toFixed(1)},${y(b[field]).toFixed(1)}`).join(' ');
  const area = series.length ? `${pad},${h - pad} ${points} ${x(series.length - 1).toFixed(1)},${h - pad}` : '';
  return (
    <svg data-testid={`chart-${field}`} role="img" aria-label={label} viewBox={`0 0 ${w} ${h}`} style={{ width: '100%', height: 'auto' }}>
      <line x1={pad} y1={h - pad} x2={w - pad} y2={h - pad} stroke="#ccc" />
      <line x1={pad} y1={pad} x2={pad} y2={h - pad} stroke="#ccc" />
      <text x={pad - 4} y={pad + 4} fontSize="11" textAnchor="end" fill="#666">{fmt(max)}</text>
      <text x={pad - 4} y={h - pad} fontSize="11" textAnchor="end" fill="#666">0</text>
      {series.length > 0 && <text x={pad} y={h - 10} fontSize="11" fill="#666">{series[0].start.slice(0, 10)}</text>}
      {series.length > 1 && <text x={w - pad} y={h - 10} fontSize="11" textAnchor="end" fill="#666">{series[series.length - 1].start.slice(0, 10)}</text>}
      <polygon points={area} fill={color} opacity="0.15" />
      <polyline className="series-line" points={points} fill="none" stroke={color} strokeWidth="2" />
    </svg>
  );
}

function TopTracks({ tracks }) {
  const max = Math.max(1, ...tracks.map((t) => t.plays));
  if (!tracks.length) return <p style={{ color: '#666' }}>No plays in this period.</p>;
  return (
    <svg data-testid="chart-top-tracks" viewBox={`0 0 720 ${tracks.length * 28 + 4}`} style={{ width: '100%', height: 'auto' }}>
      {tracks.map((t, i) => (
        <g key={t.trackId} transform={`translate(0, ${i * 28})`}>
          <text x="0" y="18" fontSize="12" fill="#333">{t.title.length > 28 ? `${t.title.slice(0, 27)}…` : t.title}</text>
          <rect x="220" y="5" height="18" width={(t.plays / max) * 440} fill="#4268F6" rx="3" />
          <text x={226 + (t.plays / max) * 440} y="18" fontSize="12" fill="#333">{fmt(t.plays)}</text>
        </g>
      ))}
    </svg>
  );
}

const Dashboard = () => {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [artistId, setArtistId] = useState('');
  const [interval, setBucket] = useState('day');

  useEffect(() => {
    const params = { interval };
    if (artistId) params.artistId = artistId;
    api.getDashboard({ params }).then((res) => setData(res.data), (e) => setError(String(e)));
  }, [artistId, interval]);

  if (error) return <div style={{ padding: 24 }}>Could not load statistics: {error}</div>;
  if (!data) return <div style={{ padding: 24 }}>Loading statistics…</div>;
  if (data.message) return <div style={{ padding: 24 }} data-testid="dashboard-message">{data.message}</div>;
  const { stats, scope, artists } = data;
  const t = stats.totals;
  const tiles = [
    ['Plays', fmt(t.plays)], ['Listeners', fmt(t.uniqueListeners)], ['Time played', hours(t.msPlayed)],
    ['Completion', t.completionRate === null ? '–' : `${Math.round(t.completionRate * 100)}%`],
    ['Followers', fmt(t.followers)], ['Rating', t.averageRating === null ? '–' : `${t.averageRating} (${fmt(t.ratingCount)})`],
  ];
  return (
    <div style={{ padding: 24, background: '#f6f7fb', minHeight: '100%' }} data-testid="rhythmo-dashboard">
      <div style={{ display: 'flex', alignItems: 'center', gap: 16, marginBottom: 16 }}>
        <h2 style={{ margin: 0, fontSize: 24 }}>{scope}</h2>
        {artists && artists.length > 1 && (
          <select value={artistId || data.artistId} onChange={(e) => setArtistId(e.target.value)} aria-label="Artist">
            {artists.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
          </select>
        )}
        <select value={interval} onChange={(e) => setBucket(e.target.value)} aria-label="Interval">
          <option value="day">Last 30 days, by day</option>
          <option value="week">Last 26 weeks, by week</option>
          <option value="month">Last 12 months, by month</option>
        </select>
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(6, 1fr)', gap: 12, marginBottom: 16 }}>
        {tiles.map(([label, value]) => (
          <div key={label} style={card}><div style={{ color: '#666', fontSize: 12 }}>{label}</div><div style={{ fontSize: 22, fontWeight: 600 }}>{value}</div></div>
        ))}
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 16 }}>
        <div style={card}><h3 style={{ marginTop: 0 }}>Plays over time</h3><LineChart series={stats.series} field="plays" color="#4268F6" label="Plays over time" /></div>
        <div style={card}><h3 style={{ marginTop: 0 }}>New followers</h3><LineChart series={stats.series} field="newFollowers" color="#2ca57a" label="New followers over time" /></div>
        <div style={{ ...card, gridColumn: '1 / span 2' }}><h3 style={{ marginTop: 0 }}>Top tracks</h3><TopTracks tracks={stats.topTracks} /></div>
      </div>
    </div>
  );
};

export default Dashboard;

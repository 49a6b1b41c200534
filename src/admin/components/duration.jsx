import React from 'react';
import { useTranslation } from 'adminjs';
import { ValueGroup } from '@adminjs/design-system';

const pad = (n) => String(n).padStart(2, '0');

/** Milliseconds as m:ss, or h:mm:ss from an hour up. */
export function formatDuration(ms) {
  if (ms === null || ms === undefined || ms === '') return '';
  const total = Math.round(Number(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

const Duration = ({ property, record, resource, where }) => {
  const { translateProperty } = useTranslation();
  const value = formatDuration(record.params[property.path]);
  if (where === 'show') return <ValueGroup label={translateProperty(property.label, resource.id)}>{value}</ValueGroup>;
  return <span data-testid="duration">{value}</span>;
};

export default Duration;

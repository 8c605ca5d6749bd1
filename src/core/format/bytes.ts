/** Byte counts in binary (1024-based) units with their IEC names: `B`, `KiB`, `MiB`, `GiB`, `TiB`. */
const UNITS = ['KiB', 'MiB', 'GiB', 'TiB'] as const;

/** `512 B`, `12.3 KiB`, `1.0 GiB`. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (Math.abs(n) < 1024) return `${n} B`;
  let v = n / 1024;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${UNITS[i]}`;
}

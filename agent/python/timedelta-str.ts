/**
 * `str(timedelta(seconds=s))` (Objects/datetimemodule.c `delta_str`): `0:30:00`, `1 day, 0:00:00`,
 * `-1 day, 23:59:59` (days carry the sign, the clock part is never negative), microseconds only when
 * non-zero (`0:00:00.500000`).
 */
export function strTimedelta(seconds: number): string {
  const micros = Math.round(seconds * 1_000_000);
  const days = Math.floor(micros / 86_400_000_000);
  const rest = micros - days * 86_400_000_000;
  const totalSeconds = Math.floor(rest / 1_000_000);
  const us = rest % 1_000_000;
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const clock = `${h}:${pad(m, 2)}:${pad(s, 2)}${us ? `.${pad(us, 6)}` : ''}`;
  return days ? `${days} day${Math.abs(days) === 1 ? '' : 's'}, ${clock}` : clock;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

import { useEffect, useState } from 'react';

/** The current time in ms, re-read every `intervalMs`, for "held 3m" and "in 45s" that tick. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

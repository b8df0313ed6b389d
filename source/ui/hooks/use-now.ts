import {useEffect, useState} from 'react';

/** The time now, updated every `everyMs` while `active` (elapsed times, spinners, estimates). */
export function useNow(everyMs = 1000, active = true): number {
	const [now, setNow] = useState(() => Date.now());
	useEffect(() => {
		if (!active) return;
		const timer = setInterval(() => setNow(Date.now()), everyMs);
		return () => clearInterval(timer);
	}, [everyMs, active]);
	return now;
}

import {useCallback, useSyncExternalStore} from 'react';
import type {RunSession, SessionSnapshot} from '../../session/run-session.js';

/** How often the screen may follow the session: a step printing 100,000 lines does not redraw 100,000 times. */
const frameMs = 50;

/**
 * The run session's snapshot, as React reads an external store. Changes are coalesced into at most
 * one redraw per 50 ms; the snapshot is always the latest.
 */
export function useSession(session: RunSession): SessionSnapshot {
	const subscribe = useCallback(
		(changed: () => void) => {
			let timer: NodeJS.Timeout | undefined;
			const unsubscribe = session.subscribe(() => {
				timer ??= setTimeout(() => {
					timer = undefined;
					changed();
				}, frameMs);
			});
			return () => {
				if (timer) clearTimeout(timer);
				unsubscribe();
			};
		},
		[session],
	);
	return useSyncExternalStore(subscribe, session.getSnapshot);
}

// The terminal bell: the run shown came to a stop the operator may want to hear of while looking
// elsewhere. Only a change seen while the viewer is open rings; the state it opens on never does.
import type {Writable} from 'node:stream';
import {useEffect, useRef} from 'react';
import type {RunStatus} from '../run/types.js';

const BELL = '\u0007';
const ringing: ReadonlySet<RunStatus> = new Set(['failed', 'paused', 'aborted', 'done']);

/** Does going from `previous` (null: nothing seen yet) to `next` ring? */
export function ringsBell(previous: RunStatus | null, next: RunStatus): boolean {
	return previous !== null && previous !== next && ringing.has(next);
}

/** Calls `onBell` once per change of `status` into a ringing one (none when onBell is absent). */
export function useBell(status: RunStatus, onBell: (() => void) | undefined): void {
	const previous = useRef<RunStatus | null>(null);
	useEffect(() => {
		if (onBell && ringsBell(previous.current, status)) onBell();
		previous.current = status;
	}, [status, onBell]);
}

/** Rings by writing BEL to `terminal` (the raw terminal, not Ink's output); none with --no-bell. */
export function terminalBell(flags: {bell?: boolean}, terminal: Writable): (() => void) | undefined {
	if (flags.bell === false) return undefined;
	return () => {
		terminal.write(BELL);
	};
}

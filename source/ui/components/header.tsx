// The top line: plan name, run status, elapsed time, step k of N and the ETA when known.
import {sanitizeLine} from '../../ansible/sanitize.js';
import {formatDuration} from '../../plain/format.js';
import type {RunStatus} from '../../run/types.js';
import type {RunView} from '../types.js';
import {cutStart, fit, Line, textWidth, type Segment} from './text.js';

const statusColor: Record<RunStatus, string | undefined> = {
	idle: undefined,
	running: 'cyan',
	pausing: 'yellow',
	paused: 'yellow',
	failed: 'red',
	aborted: 'red',
	done: 'green',
};

/** A duration padded to 6 columns, so the line does not shift as it grows. */
export function duration(ms: number | null): string {
	return (ms === null ? '' : formatDuration(ms)).padStart(6);
}

/** A clock time, `14:32`, with `+1d` when it falls on a later day than `now`. */
export function clockTime(at: number, now: number): string {
	const d = new Date(at);
	const day = (t: number) => Math.floor((t - new Date(t).getTimezoneOffset() * 60_000) / 86_400_000);
	const later = day(at) - day(now);
	return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}${later > 0 ? `+${later}d` : ''}`;
}

/**
 * The right part of the header, fullest first: time spent running (with the wall time since
 * the start beside it when pauses made them differ), the step, and the ETA as a clock time.
 */
function rightParts(run: RunView): Segment[][] {
	const total = run.steps.length;
	const k = run.currentStep >= 0 ? String(run.currentStep + 1) : '-';
	const stepText = `step ${k.padStart(String(total).length)}/${total}`;
	const gone = !run.live && (run.status === 'running' || run.status === 'pausing');
	const active = run.activeMs ?? run.elapsedMs;
	const wall = run.activeMs != null && run.elapsedMs !== null && run.elapsedMs - run.activeMs >= 60_000 ? `  (wall ${formatDuration(run.elapsedMs)})` : '';
	const etaIn = run.etaMs === null ? '' : formatDuration(run.etaMs);
	const etaClock = run.etaAt != null && run.etaMs !== null ? clockTime(run.etaAt, run.etaAt - run.etaMs) : null;
	const eta = (long: boolean) => (etaIn === '' ? '' : etaClock === null ? `  ETA ${etaIn}` : long ? `  ETA ${etaClock} (in ${etaIn})` : `  ETA ${etaClock}`);
	const status: Segment = {text: ` ${run.status.toUpperCase().padEnd(7)}`, color: statusColor[run.status], bold: true, dim: run.status === 'idle'};
	const tail: Segment = {text: gone ? '  (no supervisor)' : '', color: 'red'};
	const parts = (withWall: boolean, longEta: boolean): Segment[] => [
		status,
		{text: ` ${duration(active)}`},
		{text: withWall ? wall : '', dim: true},
		{text: `  ${stepText}`},
		{text: eta(longEta)},
		tail,
	];
	return [parts(true, true), parts(false, true), parts(false, false)];
}

export function headerSegments(run: RunView, width: number): Segment[] {
	const name = sanitizeLine(run.planName);
	const widthOf = (segments: Segment[]) => segments.reduce((n, s) => n + textWidth(s.text), 0);
	// The fullest right part that leaves the plan name whole, else the shortest.
	const options = rightParts(run);
	const right = options.find((r) => textWidth(name) + widthOf(r) + 1 <= width) ?? options.at(-1)!;
	const rightWidth = widthOf(right);
	// The name whole when it fits; the run directory gets what is left (cut at its start, where a
	// path matters least), or nothing.
	const room = width - rightWidth - 1;
	const nameWidth = Math.max(8, Math.min(textWidth(name), room));
	const sourceRoom = width - nameWidth - rightWidth - 2;
	const source = run.source && sourceRoom >= 8 ? `  ${cutStart(sanitizeLine(run.source), sourceRoom)}` : '';
	return [{text: fit(name, nameWidth), bold: true}, ...right, {text: source, dim: true}];
}

export function Header({run, width}: {run: RunView; width: number}) {
	return <Line width={width} segments={headerSegments(run, width)} />;
}

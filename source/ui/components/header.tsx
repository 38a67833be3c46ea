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

export function Header({run, width}: {run: RunView; width: number}) {
	const total = run.steps.length;
	const k = run.currentStep >= 0 ? String(run.currentStep + 1) : '-';
	const stepText = `step ${k.padStart(String(total).length)}/${total}`;
	const gone = !run.live && (run.status === 'running' || run.status === 'pausing');
	const right: Segment[] = [
		{text: ` ${run.status.toUpperCase().padEnd(7)}`, color: statusColor[run.status], bold: true, dim: run.status === 'idle'},
		{text: ` ${duration(run.elapsedMs)}  ${stepText}`},
		{text: run.etaMs === null ? '' : `  ETA ${formatDuration(run.etaMs)}`},
		{text: gone ? '  (no supervisor)' : '', color: 'red'},
	];
	const rightWidth = right.reduce((n, s) => n + s.text.length, 0);
	const name = sanitizeLine(run.planName);
	// The name whole when it fits; the run directory gets what is left (cut at its start, where a
	// path matters least), or nothing.
	const room = width - rightWidth - 1;
	const nameWidth = Math.max(8, Math.min(textWidth(name), room));
	const sourceRoom = width - nameWidth - rightWidth - 2;
	const source = run.source && sourceRoom >= 8 ? `  ${cutStart(sanitizeLine(run.source), sourceRoom)}` : '';
	return (
		<Line
			width={width}
			segments={[
				{text: fit(name, nameWidth), bold: true},
				...right,
				{text: source, dim: true},
			]}
		/>
	);
}

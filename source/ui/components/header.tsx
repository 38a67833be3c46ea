// The top line: plan name, run status, elapsed time, step k of N and the ETA when known.
import {sanitizeLine} from '../../ansible/sanitize.js';
import {formatDuration} from '../../plain/format.js';
import type {RunStatus} from '../../run/types.js';
import type {RunView} from '../types.js';
import {fit, Line, type Segment} from './text.js';

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
	const source = run.source ? `  ${sanitizeLine(run.source)}` : '';
	const nameWidth = Math.max(8, Math.min(width - rightWidth - 1, 48));
	const name = sanitizeLine(run.planName);
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

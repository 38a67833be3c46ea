// Frame time of the viewer's screen at 500 hosts x 2000 tasks, 200x60: each frame is one more
// batch of results drawn as the live viewer draws it (the screen's lines composed, styled, and
// the changed ones written by the frame writer to a sink), p50 and p95 over the frames.
import {applyMatrixEvent, newMatrix} from '../dist/matrix/reducer.js';
import {screenLines, styledLines} from '../dist/ui/components/screen-lines.js';
import {FrameWriter} from '../dist/ui/frame-writer.js';
import {initialUiState} from '../dist/ui/ui-state.js';

const hosts = Array.from({length: 500}, (_, i) => `infra${(i % 3) + 1}_${['galera', 'nova_api', 'neutron_server', 'keystone', 'glance'][i % 5]}_container-${(i * 2654435761 >>> 0).toString(16).padStart(8, '0')}`);

function emptyTotals() {
	return {ok: 0, changed: 0, failed: 0, unreachable: 0, skipped: 0};
}

function viewerData(matrix) {
	const steps = Array.from({length: 20}, (_, i) => ({
		id: `step-${i}`,
		name: `setup step ${i}`,
		status: i < 5 ? 'done' : i === 5 ? 'running' : 'pending',
		kind: 'playbook',
		durationMs: i <= 5 ? 60_000 : null,
		attempts: i <= 5 ? 1 : 0,
		progress: i === 5 ? {done: matrix.tasks.length, total: 2000} : null,
		totals: emptyTotals(),
		reason: null,
		eventsSeen: i <= 5 ? true : null,
		pausedAtTask: null,
		stalled: null,
	}));
	return {
		run: {planName: 'OpenStack-Ansible upgrade to 2026.1', status: 'running', live: true, elapsedMs: 3_600_000, currentStep: 5, etaMs: null, waitingFor: null, steps, source: '/tmp/run', replay: false},
		matrix,
		detail: null,
		logLines: null,
		handOver: null,
		notice: null,
		waiting: null,
	};
}

const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

/** Reports through `report(name, value, unit, target, better, digits)`. */
export function framesBench(report, targets) {
	const matrix = newMatrix();
	applyMatrixEvent(matrix, {type: 'play_start', t: 1, play: {id: 'p', name: 'Install the infrastructure'}, hosts}, 0);
	const ui = initialUiState();
	let written = 0;
	const writer = new FrameWriter({write: (text) => (written += text.length)});
	const frame = () => {
		const frame = screenLines(viewerData(matrix), ui, 200, 60);
		writer.draw(styledLines(frame, true), frame.width, frame.height);
	};
	frame();
	const times = [];
	let offset = 0;
	for (let task = 0; task < 2000; task++) {
		const taskId = `t${task}`;
		applyMatrixEvent(matrix, {type: 'task_start', t: 1, task: {id: taskId, name: `task number ${task + 1} of the play`, role: 'galera_server'}}, offset++);
		hosts.forEach((host, col) => applyMatrixEvent(matrix, {type: 'result', t: 1, host, taskId, status: (col + task) % 89 === 0 ? 'changed' : 'ok'}, offset++));
		// A frame for every 10th task: the picture after that batch of results.
		if (task % 10 !== 9) continue;
		const start = performance.now();
		frame();
		times.push(performance.now() - start);
	}
	console.log(`frames: ${times.length}, ${(written / times.length / 1024).toFixed(1)} KB written per frame on average`);
	report('frame at 500 hosts x 2000 tasks, 200x60, p50', percentile(times, 50), 'ms', targets.p50Ms, 'lower', 1);
	report('frame at 500 hosts x 2000 tasks, 200x60, p95', percentile(times, 95), 'ms', targets.p95Ms, 'lower', 1);
}

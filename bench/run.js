// Benchmarks with targets (npm run bench): the driver's own cost, which must stay small next to
// ansible's on a 2-core machine, and replaying large recordings within a few hundred MB.
// Uses the built code in dist/. Exits 1 when a target is missed.
import {createWriteStream, mkdtempSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {EventLineReader} from '../dist/ansible/parse.js';
import {applyMatrixEvent, newMatrix} from '../dist/matrix/reducer.js';
import {EventFile} from '../dist/replay/read-lines.js';
import {applyEvent, newSummary} from '../dist/run/summary.js';
import {headlessReplayBench} from './replay-headless.js';
import {uiReplayBench} from './replay-ui.js';
import {framesBench} from './frames.js';
import {attachedBench} from './attached.js';
import {startupBench} from './startup.js';
import {executableBench} from './executable.js';
import {overheadBench} from './overhead.js';

const targets = {
	/** Peak resident memory while replaying a million results. */
	replayRssMb: 400,
	/** Events per second through the reader and the matrix at --speed 0. */
	replayEventsPerSecond: 100_000,
	/** Events per second through the supervisor's parse + summary path. */
	superviseEventsPerSecond: 200_000,
	/** CPU of a command that only looks (--help, status --json), as a multiple of bare node's. */
	startupCpuRatio: 2.5,
	/** The single executable: its size, and its start-up CPU as a multiple of the bundle run by node. */
	executable: {sizeMb: 120, cpuRatio: 1.5},
	/** `replay FILE --plain --speed 0` of a 200 x 1000 ansible.posix.jsonl: time vs bare JSON.parse, peak RSS. */
	headlessReplay: {ratio: 1.5, rssMb: 250},
	/** The terminal UI replaying the same file at --speed 0 (200x60): time vs headless, peak RSS. */
	uiReplay: {ratio: 4, rssMb: 300},
	/** One frame of the screen at 500 hosts x 2000 tasks, 200x60. */
	frames: {p50Ms: 16, p95Ms: 16},
	/** The viewer attached to the live demo run, 160x45, over 30 s. */
	attached: {cpuPercent: 3, rssMb: 120},
	/** One playbook (6 hosts x 20 tasks) under `run --plain` vs ansible-playbook alone: wall and CPU ratio. */
	overheadRatio: 1.03,
};

const tasks = Number(process.env.BENCH_TASKS ?? 1000);
const hosts = Number(process.env.BENCH_HOSTS ?? 1000);

async function generate(file) {
	const out = createWriteStream(file);
	const write = (o) => (out.write(JSON.stringify(o) + '\n') ? undefined : new Promise((r) => out.once('drain', r)));
	const names = Array.from({length: hosts}, (_, i) => `aio1_service_container-${i.toString(16).padStart(8, '0')}`);
	let t = 1_700_000_000;
	await write({v: 1, type: 'hello', t, ansible_version: '2.14.18', pid: 1, python: '3.11', pause_mode: 'task'});
	await write({v: 1, type: 'play_start', t, play: {id: 'p1', name: 'bench', strategy: 'linear', serial: null}, hosts: names});
	for (let k = 0; k < tasks; k++) {
		const id = `task-${k}`;
		await write({v: 1, type: 'task_start', t: (t += 0.01), task: {id, name: `Task number ${k}`, path: 'bench.yml:1', role: null, action: 'command', handler: false}});
		for (let h = 0; h < hosts; h++) {
			const status = h % 97 === 0 ? 'changed' : h % 13 === 0 ? 'skipped' : 'ok';
			await write({v: 1, type: 'result', t: (t += 0.0001), host: names[h], task_id: id, status, duration: 0.12, msg: status === 'skipped' ? 'Conditional result was False' : 'All good', rc: 0, stdout: 'line of output', stderr: '', changed: status === 'changed'});
		}
	}
	await write({v: 1, type: 'stats', t, hosts: {}});
	await new Promise((r) => out.end(r));
}

function rssMb() {
	return process.memoryUsage().rss / 1024 / 1024;
}

const dir = mkdtempSync(join(tmpdir(), 'ansible-driver-bench-'));
const file = join(dir, 'million.ndjson');
let failed = false;
const report = (name, value, unit, target, better, digits = 0) => {
	const ok = better === 'lower' ? value <= target : value >= target;
	if (!ok) failed = true;
	console.log(`${ok ? 'ok  ' : 'MISS'} ${name}: ${value.toFixed(digits)} ${unit} (target ${better === 'lower' ? '<=' : '>='} ${target})`);
};

startupBench(report, targets.startupCpuRatio);
executableBench(report, targets.executable);

try {
	console.log(`generating ${tasks} tasks x ${hosts} hosts = ${tasks * hosts} results...`);
	await generate(file);
	console.log(`event file: ${(statSync(file).size / 1024 / 1024).toFixed(0)} MB`);

	// Replay: stream the file into the matrix, as `replay --speed 0` does.
	const before = rssMb();
	let peak = before;
	const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 50);
	const model = newMatrix();
	const events = new EventFile(file);
	let n = 0;
	const start = performance.now();
	for await (const {event, offset} of events) {
		applyMatrixEvent(model, event, offset);
		n++;
	}
	const seconds = (performance.now() - start) / 1000;
	clearInterval(sampler);
	peak = Math.max(peak, rssMb());
	console.log(`replayed ${n} events in ${seconds.toFixed(1)} s; matrix ${model.tasks.length} x ${model.hosts.length}; rss ${before.toFixed(0)} -> peak ${peak.toFixed(0)} MB`);
	report('replay peak rss', peak, 'MB', targets.replayRssMb, 'lower');
	report('replay throughput', n / seconds, 'events/s', targets.replayEventsPerSecond, 'higher');

	// The supervisor's per-event path on a slice: parse lines and fold them into the step summary.
	const lines = [];
	for await (const {line} of new (await import('../dist/replay/read-lines.js')).LineFile(file)) {
		lines.push(line);
		if (lines.length >= 300_000) break;
	}
	const reader = new EventLineReader();
	const summary = newSummary();
	const chunk = lines.join('\n') + '\n';
	const s0 = performance.now();
	for (const event of reader.push(chunk)) applyEvent(summary, event);
	const s1 = (performance.now() - s0) / 1000;
	report('supervisor parse + summary', lines.length / s1, 'events/s', targets.superviseEventsPerSecond, 'higher');

	const jsonl = await headlessReplayBench(report, dir, targets.headlessReplay);
	await uiReplayBench(report, dir, jsonl, targets.uiReplay);
	framesBench(report, targets.frames);
	await attachedBench(report, dir, targets.attached);
	overheadBench(report, dir, targets.overheadRatio);
} finally {
	rmSync(dir, {recursive: true, force: true});
}
process.exitCode = failed ? 1 : 0;

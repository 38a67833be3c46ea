// Headless replay of a large ansible.posix.jsonl recording (`replay FILE --plain --speed 0`) as a
// whole process, against bare node reading the same file line by line with JSON.parse: wall time
// as a ratio (median of runs taken in turn) and the replay's peak RSS.
import {spawnSync} from 'node:child_process';
import {createWriteStream} from 'node:fs';
import {join} from 'node:path';

const cli = new URL('../dist/bundle/cli.js', import.meta.url).pathname;

/** ansible.posix.jsonl of `hosts` x `tasks` results, one line per host result, as the callback writes. */
export async function writeJsonl(file, hosts, tasks) {
	const out = createWriteStream(file);
	const write = (o) => (out.write(JSON.stringify(o) + '\n') ? undefined : new Promise((r) => out.once('drain', r)));
	const names = Array.from({length: hosts}, (_, i) => `aio1_service_container-${i.toString(16).padStart(8, '0')}`);
	const at = (s) => new Date(1_700_000_000_000 + s * 1000).toISOString();
	let s = 0;
	await write({_event: 'v2_playbook_on_play_start', _timestamp: at(s), play: {id: 'play-1', name: 'bench', duration: {start: at(s)}}, tasks: []});
	for (let k = 0; k < tasks; k++) {
		const task = {id: `task-${k}`, name: `Task number ${k}`, path: 'bench.yml:1', duration: {start: at(s)}};
		await write({_event: 'v2_playbook_on_task_start', _timestamp: at(s), hosts: {}, task});
		for (let h = 0; h < hosts; h++) {
			s += 0.001;
			const changed = h % 97 === 0;
			const result = {
				_ansible_no_log: false,
				action: 'ansible.builtin.command',
				changed,
				cmd: ['systemctl', 'status', 'nova-api'],
				delta: '0:00:00.120000',
				invocation: {module_args: {_raw_params: 'systemctl status nova-api', chdir: null, creates: null}},
				msg: '',
				rc: 0,
				stdout: 'nova-api.service - OpenStack Compute API\n   Active: active (running)',
				stdout_lines: ['nova-api.service - OpenStack Compute API', '   Active: active (running)'],
				stderr: '',
				stderr_lines: [],
			};
			await write({_event: 'v2_runner_on_ok', _timestamp: at(s), hosts: {[names[h]]: result}, task: {...task, duration: {start: task.duration.start, end: at(s)}}});
		}
	}
	await write({_event: 'v2_playbook_on_stats', _timestamp: at(s), stats: Object.fromEntries(names.map((n) => [n, {ok: tasks, changed: 0, failures: 0, unreachable: 0, skipped: 0}]))});
	await new Promise((r) => out.end(r));
}

const bare = `
const {createReadStream} = require('node:fs');
let rest = '';
let n = 0;
createReadStream(process.argv[1], {highWaterMark: 256 * 1024}).on('data', (chunk) => {
	const lines = (rest + chunk.toString('utf8')).split('\\n');
	rest = lines.pop();
	for (const line of lines) if (line) { JSON.parse(line); n++; }
}).on('end', () => { if (rest) { JSON.parse(rest); n++; } console.log(n); });
`;

/** Wall seconds and peak RSS (MB) of one run, from GNU time. */
function measure(argv) {
	const r = spawnSync('/usr/bin/time', ['-f', '%e %M', ...argv], {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024});
	if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr.slice(-500)}`);
	const [seconds, kb] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
	return {seconds, rssMb: kb / 1024};
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Reports through `report(name, value, unit, target, better, digits)`. */
export async function headlessReplayBench(report, dir, targets) {
	const file = join(dir, 'ansible.posix.jsonl');
	await writeJsonl(file, Number(process.env.BENCH_REPLAY_HOSTS ?? 200), Number(process.env.BENCH_REPLAY_TASKS ?? 1000));
	const ratios = [];
	let rss = 0;
	let last = null;
	for (let i = 0; i < 3; i++) {
		const base = measure([process.execPath, '-e', bare, file]);
		const ours = measure([process.execPath, cli, 'replay', file, '--plain', '--speed', '0']);
		ratios.push(ours.seconds / Math.max(base.seconds, 0.01));
		rss = Math.max(rss, ours.rssMb);
		last = {base, ours};
	}
	console.log(`     (headless replay ${last.ours.seconds.toFixed(2)} s, bare JSON.parse ${last.base.seconds.toFixed(2)} s)`);
	report('headless replay time vs bare JSON.parse of the same jsonl', median(ratios), 'x', targets.ratio, 'lower', 2);
	report('headless replay peak RSS', rss, 'MB', targets.rssMb, 'lower');
	return file;
}

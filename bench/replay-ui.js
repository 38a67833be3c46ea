// The terminal UI replaying a large recording at --speed 0 in a real terminal (tmux, 200x60), as
// a whole process: seconds to the end of the replay and peak RSS, against the headless replay of
// the same file.
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';

const cli = new URL('../dist/bundle/cli.js', import.meta.url).pathname;

const tmux = (...args) => execFileSync('tmux', ['-L', 'ansible-driver-bench', ...args], {encoding: 'utf8'});

/** Wall seconds of the headless replay (GNU time). */
function headlessSeconds(file) {
	const r = spawnSync('/usr/bin/time', ['-f', '%e', process.execPath, cli, 'replay', file, '--plain', '--speed', '0'], {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024});
	return Number(r.stderr.trim().split('\n').at(-1));
}

/** Runs the UI replay in tmux until it says the replay has ended; its seconds and peak RSS. */
async function uiReplay(file, dir) {
	const out = join(dir, 'ui-time.txt');
	const quoted = [process.execPath, cli, 'replay', file, '--speed', '0'].map((a) => `'${a}'`).join(' ');
	tmux('new-session', '-d', '-s', 'bench', '-x', '200', '-y', '60', `/usr/bin/time -f '%e %M' -o '${out}' ${quoted}`);
	const started = Date.now();
	let ended = null;
	try {
		while (Date.now() - started < 600_000) {
			await sleep(250);
			const screen = tmux('capture-pane', '-p', '-t', 'bench');
			if (screen.includes('the replay has ended')) {
				ended = (Date.now() - started) / 1000;
				break;
			}
		}
		tmux('send-keys', '-t', 'bench', 'q');
		for (let i = 0; i < 100 && !existsSync(out); i++) await sleep(100);
		await sleep(200);
	} finally {
		try {
			execFileSync('tmux', ['-L', 'ansible-driver-bench', 'kill-server'], {stdio: 'ignore'});
		} catch {
			// Already gone.
		}
	}
	const [, kb] = readFileSync(out, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
	return {seconds: ended, rssMb: kb / 1024};
}

/** Reports through `report(name, value, unit, target, better, digits)`. */
export async function uiReplayBench(report, dir, file, targets) {
	const headless = headlessSeconds(file);
	const ui = await uiReplay(file, dir);
	if (ui.seconds === null) {
		report('terminal UI replay reached its end', 0, 'of 1', 1, 'higher');
		return;
	}
	console.log(`     (terminal UI replay ${ui.seconds.toFixed(1)} s to its end, headless ${headless.toFixed(1)} s)`);
	report('terminal UI replay time vs headless', ui.seconds / Math.max(headless, 0.01), 'x', targets.ratio, 'lower', 2);
	report('terminal UI replay peak RSS', ui.rssMb, 'MB', targets.rssMb, 'lower');
}

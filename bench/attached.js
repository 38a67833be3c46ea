// The viewer attached to the live demo run in a real terminal (tmux, 160x45) for 30 s: its CPU
// as a share of one core, and its peak RSS. The deploy host's CPU belongs to ansible.
import {execFileSync, spawn} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';

const cli = new URL('../dist/bundle/cli.js', import.meta.url).pathname;
const tmux = (...args) => execFileSync('tmux', ['-L', 'ansible-driver-bench-attach', ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']});

/** Reports through `report(name, value, unit, target, better, digits)`. */
export async function attachedBench(report, dir, targets, seconds = 30) {
	const env = {...process.env, XDG_STATE_HOME: join(dir, 'attached-state')};
	delete env['CI'];
	const run = spawn(process.execPath, [cli, 'run', 'demo', '--plain', '--yes'], {env, stdio: 'ignore'});
	const out = join(dir, 'attached-time.txt');
	try {
		await sleep(3000);
		const vars = `XDG_STATE_HOME='${env.XDG_STATE_HOME}' TERM=xterm-256color`;
		tmux('new-session', '-d', '-s', 'attached', '-x', '160', '-y', '45', `env -u CI ${vars} /usr/bin/time -f '%U %S %M' -o '${out}' '${process.execPath}' '${cli}' attach --no-bell`);
		await sleep(seconds * 1000);
		tmux('send-keys', '-t', 'attached', 'q');
		for (let i = 0; i < 100 && !existsSync(out); i++) await sleep(100);
		await sleep(200);
	} finally {
		try {
			tmux('kill-server');
		} catch {
			// Already gone.
		}
		// The demo run is stopped once measured: abort, then make sure.
		execFileSync(process.execPath, [cli, 'stop', '--abort'], {env, stdio: 'ignore'});
		await sleep(2000);
		run.kill('SIGKILL');
	}
	const [user, system, kb] = readFileSync(out, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
	report('viewer attached to the live demo: CPU', ((user + system) / seconds) * 100, '% of a core', targets.cpuPercent, 'lower', 1);
	report('viewer attached to the live demo: peak RSS', kb / 1024, 'MB', targets.rssMb, 'lower');
}

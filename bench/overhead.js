// The driver's overhead on a real playbook: 20 tasks on 6 local hosts run by ansible-playbook
// alone, and by `ansible-driver run PLAN --plain --yes` (its supervisor in the same process, the
// callback plugin loaded, events followed, state saved), as wall time and CPU seconds of the
// whole process tree (bash's `time`), median of pairs run in turn.
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const cli = new URL('../dist/bundle/cli.js', import.meta.url).pathname;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Wall and CPU seconds of one run of a shell command, output discarded; fails loudly on a non-zero exit. */
function timed(command, env, cwd) {
	const r = spawnSync('bash', ['-c', `TIMEFORMAT='%3R %3U %3S'; time (${command} >/dev/null 2>&1) ; echo "rc $?" >&2`], {env, cwd, encoding: 'utf8'});
	const lines = r.stderr.trim().split('\n');
	const rc = lines.find((l) => l.startsWith('rc '));
	if (rc !== 'rc 0') throw new Error(`${command} failed (${rc}): ${r.stderr}`);
	const [wall, user, sys] = lines.filter((l) => /^[\d.]+ [\d.]+ [\d.]+$/.test(l)).at(-1).split(' ').map(Number);
	return {wall, cpu: user + sys};
}

/** Reports through `report(name, value, unit, target, better, digits)`. */
export function overheadBench(report, dir, target, pairs = 5) {
	const work = mkdtempSync(join(dir, 'overhead-'));
	const state = join(work, 'state');
	mkdirSync(state);
	const hosts = Array.from({length: 6}, (_, i) => `node${i + 1}`);
	writeFileSync(join(work, 'inventory.ini'), `[nodes]\n${hosts.join('\n')}\n\n[all:vars]\nansible_connection=local\nansible_python_interpreter=/usr/bin/python3\n`);
	const tasks = Array.from({length: 20}, (_, i) => (i % 2 === 0 ? `    - name: step ${i + 1}\n      ansible.builtin.command: "true"\n      changed_when: false\n` : `    - name: step ${i + 1}\n      ansible.builtin.debug:\n        msg: "task ${i + 1} on {{ inventory_hostname }}"\n`));
	writeFileSync(join(work, 'play.yml'), `- name: Overhead\n  hosts: nodes\n  gather_facts: false\n  tasks:\n${tasks.join('')}`);
	writeFileSync(join(work, 'plan.yml'), `name: Overhead\ninventory: inventory.ini\nsteps:\n  - playbook: play.yml\n`);
	const env = {...process.env, ANSIBLE_HOST_KEY_CHECKING: 'False'};
	delete env['CI'];
	const walls = [];
	const cpus = [];
	try {
		for (let i = 0; i < pairs; i++) {
			const alone = timed('ansible-playbook -i inventory.ini play.yml', env, work);
			rmSync(state, {recursive: true, force: true});
			const driven = timed(`'${process.execPath}' '${cli}' run plan.yml --plain --yes --state-dir '${state}'`, env, work);
			walls.push(driven.wall / alone.wall);
			console.log(`  pair ${i + 1}: alone ${alone.wall.toFixed(2)} s, ${alone.cpu.toFixed(2)} s CPU; driven ${driven.wall.toFixed(2)} s, ${driven.cpu.toFixed(2)} s CPU`);
			cpus.push(driven.cpu / alone.cpu);
		}
	} finally {
		rmSync(work, {recursive: true, force: true});
	}
	report('one playbook (6 hosts x 20 tasks) under the driver vs ansible-playbook alone: wall', median(walls), 'x', target, 'lower', 2);
	report('one playbook (6 hosts x 20 tasks) under the driver vs ansible-playbook alone: CPU', median(cpus), 'x', target, 'lower', 2);
}

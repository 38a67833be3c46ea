// run-upgrade.sh markers with real runs through the fake wrapper: a marker written by the script
// skips the step; a step that finishes writes the marker the script would; reset removes them.
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {runsFixtures, status} from '../helpers/cli.js';
import {resetCommand} from '../../source/commands/reset.js';
import {bashMarkerName, bashWriteMarker, captureIo, flagsFor} from './helpers.js';
import {each, osaSandbox} from './run-helpers.js';

describeAnsible('run-upgrade.sh markers (real ansible-playbook, fake openstack-ansible)', () => {
	it('name style: an existing <playbook>.complete skips the step; a finished step writes its own, empty', async () => {
		const box = osaSandbox();
		// A relative markers folder is taken from the plan file's folder.
		const plan = box.osaPlan('  - playbook: first.yml\n  - playbook: last.yml\n    args: [-e, x=1]\n', 'markers: upgrade-test\nmarkers_style: name\n');
		const dir = join(box.dir, 'upgrade-test');
		bashWriteMarker('name', dir, 'first.yml');
		const r = await box.cli('run', plan);
		expect(r.code, r.stdout + r.stderr).toBe(0);
		expect(each(box, 'first.t1')).toEqual([0, 0, 0]);
		expect(each(box, 'last.t1')).toEqual([1, 1, 1]);
		expect(r.stdout).toContain(`step first: done earlier (marker ${join(dir, 'first.complete')}); not run`);
		expect(r.stdout).toMatch(/✓ \[1\/2\] first {2}done {2}done earlier \(marker\)/);
		expect(readdirSync(dir).sort()).toEqual(['first.complete', 'last.complete']);
		expect(readFileSync(join(dir, bashMarkerName('name', 'last.yml -e x=1')), 'utf8')).toBe('');
		const s = await status(box);
		expect(s.steps.map((x) => [x.id, x.status, x.attempts, x.reason])).toEqual([
			['first', 'done', 0, 'done earlier (marker)'],
			['last', 'done', 1, 'exited 0 after its recap'],
		]);
		expect((await box.cli('status')).stdout).toMatch(/\[1\/2\] first {2}done {2}done earlier \(marker\)/);

		// reset --yes forgets the steps and removes their markers, so both run again.
		const reset = await box.cli('reset', '--yes');
		expect(reset.code, reset.stdout + reset.stderr).toBe(0);
		expect(reset.stdout).toContain('removed 2 run-upgrade.sh marker files');
		expect(readdirSync(dir)).toEqual([]);
		const again = await box.cli('run', plan);
		expect(again.code, again.stdout + again.stderr).toBe(0);
		expect(each(box, 'first.t1')).toEqual([1, 1, 1]);
		expect(each(box, 'last.t1')).toEqual([2, 2, 2]);
	});

	it('md5 style: the marker named and filled exactly as run_lock does, from marker: or derived from the step', async () => {
		const box = osaSandbox();
		const dir = join(box.dir, 'upgrade-md5');
		const plan = box.osaPlan(
			`  - playbook: first.yml\n    marker: "first.yml -e 'unused=1'"\n  - playbook: last.yml\n    args: [--limit, 'h1:h2:!h3', -e, "msg=a  b"]\n`,
			`markers: ${dir}\nmarkers_style: md5\n`,
		);
		const skipped = bashWriteMarker('md5', dir, "first.yml -e 'unused=1'");
		const r = await box.cli('run', plan);
		expect(r.code, r.stdout + r.stderr).toBe(0);
		expect(each(box, 'first.t1')).toEqual([0, 0, 0]);
		expect(each(box, 'last.t1')).toEqual([1, 1, 0]);
		// The item run-upgrade.sh would hold for this step: the hand-over command after `openstack-ansible`.
		const item = "last.yml --limit 'h1:h2:!h3' -e 'msg=a  b'";
		const written = join(dir, bashMarkerName('md5', item));
		expect(readFileSync(written, 'utf8')).toBe(`${item}\n`);
		expect(readdirSync(dir).sort()).toEqual([skipped, written].map((p) => p.slice(dir.length + 1)).sort());
	});

	it('a failed step writes no marker; reset without --yes off a terminal is refused and removes nothing', async () => {
		const box = osaSandbox();
		const dir = join(box.dir, 'm');
		const plan = box.osaPlan('  - playbook: first.yml\n  - playbook: fails.yml\n', `markers: ${dir}\n`);
		const r = await box.cli('run', plan);
		expect(r.code, r.stdout + r.stderr).toBe(1);
		expect(readdirSync(dir)).toEqual(['first.complete']);
		// The hand-over: the failed step as an OSA operator pastes it (playbook relative to cwd).
		expect(r.stdout).toContain(`To go on by hand instead, run these in order:\n  cd ${join(runsFixtures, 'playbooks')} && env ANSIBLE_FORKS=5 openstack-ansible fails.yml\n`);
		const refused = await box.cli('reset');
		expect(refused.code).toBe(2);
		expect(existsSync(join(dir, 'first.complete'))).toBe(true);
		// On a terminal reset asks twice: forget the steps, then remove their markers.
		const questions: string[] = [];
		const answers = ['YES', 'no'];
		const io = {...captureIo(box.env), stdinIsTTY: true, ask: async (q: string) => (questions.push(q), answers.shift() ?? '')};
		expect(await resetCommand(['first'], flagsFor(box.state), io)).toBe(0);
		expect(questions[1]).toContain(`1 run-upgrade.sh marker file would still count these steps as done:\n  ${join(dir, 'first.complete')}\nRemove them?`);
		expect(io.out()).toContain('markers kept');
		expect(existsSync(join(dir, 'first.complete'))).toBe(true);
		writeFileSync(join(dir, 'unrelated'), '');
		expect((await box.cli('reset', 'first', '--yes')).code).toBe(0);
		expect(readdirSync(dir)).toEqual(['unrelated']);
	});
});

// Units (run-upgrade.sh's `A && B || C`) and `creates:` against the real ansible-playbook: which
// parts ran (files the playbook writes), the exit code, the saved state and the unit's marker.
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {expect, it} from 'vitest';
import {md5MarkerName} from '../../source/markers/run-lock.js';
import {describeAnsible} from '../helpers/ansible.js';
import {each, sandbox, savedState} from '../helpers/cli.js';

const item = 'the setup-hosts chain';

function unitBox(failing: string[] = []) {
	const box = sandbox();
	box.env['DRIVER_TEST_FAIL_PARTS'] = failing.join(',');
	const markers = join(box.dir, 'markers');
	const plan = box.plan(
		`  - playbook: first.yml
  - unit: setup-hosts
    marker: ${item}
    steps:
      - playbook: branch.yml
        args: [-e, part=a]
      - playbook: branch.yml
        args: [-e, part=b]
    fallback:
      playbook: branch.yml
      args: [-e, part=c]
  - playbook: last.yml
`,
	);
	writeFileSync(plan, readFileSync(plan, 'utf8').replace('steps:\n', `markers: ${markers}\nmarkers_style: md5\nsteps:\n`));
	return {box, plan, marker: join(markers, md5MarkerName(item))};
}

const statuses = (box: ReturnType<typeof sandbox>) => savedState(box).steps.map((s) => [s.id, s.status, s.fallback ?? null]);

describeAnsible('units and creates: (real ansible-playbook)', () => {
	it('runs the steps of a unit in order and skips its fallback when they succeed; the unit marker is written', async () => {
		const {box, plan, marker} = unitBox();
		const r = await box.cli('run', plan, '--yes');
		expect(r.code, r.stdout + r.stderr).toBe(0);
		expect([each(box, 'branch.a'), each(box, 'branch.b'), each(box, 'branch.c')]).toEqual([[1, 1, 1], [1, 1, 1], [0, 0, 0]]);
		expect(each(box, 'last.t1')).toEqual([1, 1, 1]);
		expect(statuses(box)).toEqual([
			['first', 'done', null],
			['setup-hosts-1', 'done', null],
			['setup-hosts-2', 'done', null],
			['setup-hosts-fallback', 'skipped', null],
			['last', 'done', null],
		]);
		expect(r.stdout).toContain('step setup-hosts-fallback: skipped: not needed, every step of unit setup-hosts succeeded');
		expect(readFileSync(marker, 'utf8')).toBe(`${item}\n`);
	});

	it('when the first step fails, skips the second, runs the fallback and goes on: exit 0, marker written', async () => {
		const {box, plan, marker} = unitBox(['a']);
		const r = await box.cli('run', plan, '--yes');
		expect(r.code, r.stdout + r.stderr).toBe(0);
		expect([each(box, 'branch.a'), each(box, 'branch.b'), each(box, 'branch.c')]).toEqual([[1, 1, 1], [0, 0, 0], [1, 1, 1]]);
		expect(each(box, 'last.t1')).toEqual([1, 1, 1]);
		expect(statuses(box)).toEqual([
			['first', 'done', null],
			['setup-hosts-1', 'failed', 'setup-hosts-fallback'],
			['setup-hosts-2', 'skipped', null],
			['setup-hosts-fallback', 'done', null],
			['last', 'done', null],
		]);
		expect(r.stdout).toContain('unit setup-hosts: step setup-hosts-1 failed; its fallback setup-hosts-fallback runs next');
		expect(r.stdout).toContain('all 5 steps done.');
		expect(existsSync(marker)).toBe(true);
		const st = await box.cli('status');
		expect(st.code).toBe(0);
		expect(st.stdout).toMatch(/setup-hosts-1 \(unit setup-hosts\)\s+failed.*handed over to the unit's fallback setup-hosts-fallback/);
		expect(st.stdout).toContain('5 of 5 steps done');
	});

	it('when the second step and the fallback fail, the run fails without a marker; resume retries the fallback only', async () => {
		const {box, plan, marker} = unitBox(['b', 'c']);
		const r = await box.cli('run', plan, '--yes');
		expect(r.code, r.stdout + r.stderr).toBe(1);
		expect([each(box, 'branch.a'), each(box, 'branch.b'), each(box, 'branch.c')]).toEqual([[1, 1, 1], [1, 1, 1], [1, 1, 1]]);
		expect(each(box, 'last.t1')).toEqual([0, 0, 0]);
		expect(existsSync(marker)).toBe(false);
		expect(statuses(box).slice(1, 4)).toEqual([
			['setup-hosts-1', 'done', null],
			['setup-hosts-2', 'failed', 'setup-hosts-fallback'],
			['setup-hosts-fallback', 'failed', null],
		]);
		// The hand-over goes on from the fallback.
		expect(readFileSync(join(box.state, 'handover.txt'), 'utf8')).toMatch(/part=c[\s\S]*last\.yml/);
		box.env['DRIVER_TEST_FAIL_PARTS'] = '';
		const again = await box.cli('resume');
		expect(again.code, again.stdout + again.stderr).toBe(0);
		expect([each(box, 'branch.a'), each(box, 'branch.b'), each(box, 'branch.c')]).toEqual([[1, 1, 1], [1, 1, 1], [2, 2, 2]]);
		expect(existsSync(marker)).toBe(true);
	});

	it('reset of one step of a unit resets the whole unit, which then runs again from its first step', async () => {
		const {box, plan} = unitBox(['a']);
		expect((await box.cli('run', plan, '--yes')).code).toBe(0);
		const reset = await box.cli('reset', 'setup-hosts-fallback', '--yes');
		expect(reset.code, reset.stdout + reset.stderr).toBe(0);
		expect(reset.stdout).toContain('a unit runs again as a whole: resetting setup-hosts-1, setup-hosts-2, setup-hosts-fallback');
		box.env['DRIVER_TEST_FAIL_PARTS'] = '';
		const again = await box.cli('resume');
		expect(again.code, again.stdout + again.stderr).toBe(0);
		expect([each(box, 'branch.a'), each(box, 'branch.b'), each(box, 'branch.c')]).toEqual([[2, 2, 2], [1, 1, 1], [1, 1, 1]]);
		expect(statuses(box)[3]).toEqual(['setup-hosts-fallback', 'skipped', null]);
	});

	it('skips a step whose creates: path exists, and runs it when it does not', async () => {
		const box = sandbox();
		const made = join(box.dir, 'made', 'backup.tgz');
		const plan = box.plan(`  - run: [sh, -c, 'mkdir -p "$(dirname "$0")" && echo x >> "$0"', ${made}]\n    id: backup\n    creates: ${made}\n  - playbook: last.yml\n`);
		const first = await box.cli('run', plan, '--yes');
		expect(first.code, first.stdout + first.stderr).toBe(0);
		expect(readFileSync(made, 'utf8')).toBe('x\n');
		await box.cli('reset', '--yes');
		const second = await box.cli('run', plan, '--yes');
		expect(second.code, second.stdout + second.stderr).toBe(0);
		expect(second.stdout).toContain(`step backup: skipped: ${made} exists (creates:)`);
		expect(readFileSync(made, 'utf8')).toBe('x\n');
		expect(savedState(box).steps[0]).toMatchObject({status: 'skipped', attempts: 1});
	});
});

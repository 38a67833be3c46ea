// A playbook ansible cannot load: preflight's syntax check refuses it before anything runs (exit
// 2, ansible's error with its file and line), and is not fooled by its cache once the playbook
// changes; a step that still fails before its first play (a wrapper is not checked) shows
// ansible's own error as its reason in the plain output, status, the report and the hook.
import {chmodSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {expect, it} from 'vitest';
import {describeAnsible} from '../helpers/ansible.js';
import {each, runsFixtures, sandbox, type Sandbox} from '../helpers/cli.js';

const good = '- name: Soon broken\n  hosts: nodes\n  gather_facts: false\n  tasks:\n    - name: one\n      ansible.builtin.debug:\n        msg: hi\n';
// A task indented one column less than the one before it: a YAML error at line 7.
const broken = '- name: Soon broken\n  hosts: nodes\n  gather_facts: false\n  tasks:\n    - name: one\n      ansible.builtin.debug: {msg: hi}\n   - name: two\n      ansible.builtin.debug: {msg: hi}\n';

/** 2.14-2.18 and 2.19+ word a YAML error differently; both name the file and line 7. */
const yamlError = (file: string) => new RegExp(`(Syntax Error while loading YAML|YAML parsing failed).*\\(at ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:7:\\d+\\)`);

function planWith(box: Sandbox, top: string, playbook: string): string {
	const path = join(box.dir, 'plan.yml');
	writeFileSync(path, `name: Syntax plan\ncwd: ${join(runsFixtures, 'playbooks')}\ninventory: ${join(runsFixtures, 'inventory.ini')}\n${top}steps:\n  - playbook: first.yml\n  - playbook: ${playbook}\n`);
	return path;
}

describeAnsible('syntax check before the run, and errors before the first play (real ansible-playbook)', () => {
	it('refuses a playbook ansible cannot load, exit 2 with its file and line, nothing run; a changed playbook is checked again', async () => {
		const box = sandbox();
		const playbook = join(box.dir, 'soon-broken.yml');
		writeFileSync(playbook, good);
		const plan = planWith(box, '', playbook);
		const first = await box.cli('run', plan, '--plain', '--yes');
		expect(first.code, first.stdout + first.stderr).toBe(0);

		// Broken after a check that passed (and was kept): checked again, refused.
		writeFileSync(playbook, broken);
		const refused = await box.cli('run', plan, '--plain', '--yes');
		expect(refused.code, refused.stdout).toBe(2);
		expect(refused.stderr).toContain(`${plan}: the syntax check of step soon-broken failed: `);
		expect(refused.stderr).toMatch(yamlError(playbook));
		expect(refused.stderr).toContain('nothing was run');
		expect(refused.stderr).not.toMatch(/\n\s+at .*\.js:\d+/); // no stack trace
		expect(refused.stdout).toBe('');
		// Nothing ran: the first step's tasks ran once (the first run), not twice.
		expect(each(box, 'first.t1')).toEqual([1, 1, 1]);
	});

	it('plan, which only looks, names the same error: exit 2 with ansible\'s file and line', async () => {
		const box = sandbox();
		const playbook = join(box.dir, 'broken.yml');
		writeFileSync(playbook, broken);
		const plan = planWith(box, '', playbook);
		const shown = await box.cli('plan', plan);
		expect(shown.code, shown.stdout + shown.stderr).toBe(2);
		expect(shown.stdout).toContain('Each step as it runs'); // the plan is still shown
		expect(shown.stderr).toContain(`${plan}: the syntax check of step broken failed: `);
		expect(shown.stderr).toMatch(yamlError(playbook));
		const json = await box.cli('plan', plan, '--json');
		expect(json.code).toBe(2);
		const problems = (JSON.parse(json.stdout) as {problems: Array<{message: string; severity: string}>}).problems;
		expect(problems.some((p) => p.severity === 'error' && yamlError(playbook).test(p.message))).toBe(true);
		expect(box.markers()).toEqual([]); // looking ran nothing
	});

	it('a wrapper is not checked (said once); its step failing before the first play shows ansible\'s error everywhere', async () => {
		const box = sandbox();
		const playbook = join(box.dir, 'broken.yml');
		writeFileSync(playbook, broken);
		const wrapper = join(box.dir, 'wrap');
		writeFileSync(wrapper, '#!/bin/sh\nexec ansible-playbook "$@"\n');
		chmodSync(wrapper, 0o755);
		const hook = join(runsFixtures, 'hooks', 'record.sh');
		const plan = planWith(box, `command: [${wrapper}]\nnotify:\n  command: [${hook}]\n  on: [failed]\n`, playbook);
		const run = await box.cli('run', plan, '--plain', '--yes');
		expect(run.code, run.stdout + run.stderr).toBe(1);
		expect(run.stderr).toContain(`playbooks run by ${wrapper} are not syntax-checked before the run`);
		expect(run.stderr.match(/not syntax-checked/g)).toHaveLength(1);
		const reason = yamlError(playbook);
		expect(run.stdout).toMatch(/exited 4 before its first play: /);
		expect(run.stdout).toMatch(reason);

		const status = await box.cli('status');
		expect(status.stdout).toMatch(reason);
		const report = await box.cli('report');
		expect(report.stdout).toMatch(reason);
		const hooks = readdirSync(box.out).filter((n) => n.startsWith('hook.failed.') && n.endsWith('.json'));
		expect(hooks).toHaveLength(1);
		expect(readFileSync(join(box.out, hooks[0]!), 'utf8')).toMatch(/before its first play: (Syntax Error while loading YAML|YAML parsing failed)/);
	});
});

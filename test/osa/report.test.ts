// Run reports from a real run with a failure: report.md written at the end, and `report` in
// markdown, JUnit XML (well-formed, a failure naming the host) and JSON.
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {reportCommand} from '../../source/commands/report.js';
import type {ReportStep, RunReport} from '../../source/report/model.js';
import {reportJunit} from '../../source/report/junit.js';
import {describeAnsible} from '../helpers/ansible.js';
import {sandbox} from '../helpers/cli.js';
import {captureIo, findAll, flagsFor, parseXml} from './helpers.js';

async function report(state: string, format: string | undefined) {
	const io = captureIo();
	const code = await reportCommand(flagsFor(state), io, format);
	return {code, out: io.out()};
}

describeAnsible('run reports (real ansible-playbook)', () => {
	const box = sandbox();
	const run = box.cli('run', box.plan('  - playbook: first.yml\n  - playbook: fails.yml\n  - playbook: last.yml\n'));

	it('the run ends with the path of report.md, which holds the steps and the failed host', async () => {
		const r = await run;
		expect(r.code, r.stdout + r.stderr).toBe(1);
		const path = join(box.state, 'report.md');
		expect(r.stdout).toMatch(new RegExp(`report: ${path.replaceAll('/', '\\/').replaceAll('.', '\\.')}\\n$`));
		expect(existsSync(path)).toBe(true);
		const text = readFileSync(path, 'utf8');
		expect(text).toMatch(/^\| 2 \| fails \| failed \|/m);
		expect(text).toMatch(/^\| h2 \| check cluster state \| failed \| .*wsrep not Synced/m);
	});

	it('md: a row per step with status, duration, attempts and host counts; failed hosts with task and message', async () => {
		await run;
		const {code, out} = await report(box.state, undefined);
		expect(code).toBe(0);
		expect(out).toContain('Run **failed**: 1 of 3 steps done.');
		expect(out).toMatch(/^\| 1 \| first \| done \| [\d.]+s \| 1 \| 6 \| 6 \| 0 \| 0 \| 0 \| {2}\|$/m);
		expect(out).toMatch(/^\| 2 \| fails \| failed \| [\d.]+s \| 1 \| \d+ \| \d+ \| 1 \| 0 \| 0 \| 1 host failed or unreachable \|$/m);
		expect(out).toMatch(/^\| 3 \| last \| pending \| - \| 0 \|/m);
		expect(out).toMatch(/^\| h2 \| check cluster state \| failed \| .*stderr: wsrep not Synced; rc 3 \|$/m);
	});

	it('junit: well-formed, a testsuite per step, a testcase per task, a failure naming the host', async () => {
		await run;
		const {out} = await report(box.state, 'junit');
		const root = parseXml(out);
		expect(root.name).toBe('testsuites');
		const suites = findAll(root, 'testsuite');
		expect(suites.map((s) => s.attrs['name'])).toEqual(['first', 'fails', 'last']);
		expect(findAll(suites[0]!, 'testcase').map((c) => c.attrs['name'])).toEqual(['first task one', 'first task two']);
		const failures = findAll(suites[1]!, 'failure');
		expect(failures).toHaveLength(1);
		expect(failures[0]!.attrs['message']).toMatch(/^h2: .*wsrep not Synced/);
		expect(suites[1]!.attrs).toMatchObject({tests: '2', failures: '1'});
		expect(findAll(suites[2]!, 'skipped')[0]!.attrs['message']).toBe('not run');
		expect(root.attrs).toMatchObject({tests: '5', failures: '1', skipped: '1'});
	});

	it('json: per step status, hosts, failed hosts and tasks', async () => {
		await run;
		const parsed = JSON.parse((await report(box.state, 'json')).out) as RunReport;
		expect(parsed.steps.map((s) => [s.id, s.status, s.attempts])).toEqual([
			['first', 'done', 1],
			['fails', 'failed', 1],
			['last', 'pending', 0],
		]);
		expect(parsed.steps[1]!.failedHosts).toEqual([{host: 'h2', task: 'check cluster state', status: 'failed', msg: expect.stringContaining('wsrep not Synced')}]);
		expect(parsed.steps[1]!.tasks!.map((t) => [t.name, t.counts])).toEqual([
			['check cluster state', {changed: 2, failed: 1}],
			['after the check', {changed: 2}],
		]);
		expect(parsed.steps[2]!.tasks).toBe(null);
	});

	it('`ansible-driver report --format junit` prints the same XML', async () => {
		await run;
		const r = await box.cli('report', '--format', 'junit');
		expect(r.code, r.stderr).toBe(0);
		expect(findAll(parseXml(r.stdout), 'testsuite')).toHaveLength(3);
	});

	it('an unknown --format is bad usage', async () => {
		await run;
		await expect(report(box.state, 'html')).rejects.toMatchObject({code: 2, message: expect.stringContaining('md, junit, json')});
	});
});

/** A report step with plain defaults. */
const reportStep = (id: string, status: ReportStep['status'], extra: Partial<ReportStep> = {}): ReportStep => ({
	number: 1,
	id,
	name: id,
	status,
	reason: status === 'failed' ? 'exited 2 (1 failed host)' : null,
	doneByMarker: false,
	fallback: null,
	attempts: 1,
	failedHostsOnly: null,
	startedAt: '2026-01-01T00:00:00.000Z',
	endedAt: '2026-01-01T00:00:01.000Z',
	durationMs: 1000,
	hosts: {ok: 0, changed: 0, failed: 0, unreachable: 0, skipped: 0},
	pausedAt: null,
	failedHosts: [],
	tasks: null,
	eventsFile: null,
	log: null,
	ansible: null,
	...extra,
});

describe('JUnit escaping', () => {
	it('host output with markup, quotes, escapes and control characters stays well-formed and readable', () => {
		const nasty = `<b>&"quoted"</b> 'x' \u001b[31mred\u001b[0m \u0000\u0007 ]]> done`;
		const xml = reportJunit({
			plan: {name: `plan ${nasty}`, path: '/p', hash: 'h'},
			run: {status: 'failed', notStarted: null, startedAt: null, updatedAt: null, dir: '/d', ansible: null},
			generatedAt: '2026-01-01T00:00:00.000Z',
			steps: [
				reportStep('s', 'failed', {
					name: nasty,
					reason: nasty,
					hosts: {ok: 0, changed: 0, failed: 1, unreachable: 0, skipped: 0},
					tasks: [{name: nasty, play: null, handler: false, seconds: 0.5, counts: {failed: 1}, failures: [{host: 'h<1>', status: 'failed', msg: `${nasty}\nline two`}]}],
				}),
			],
		});
		const root = parseXml(xml);
		const failure = findAll(root, 'failure')[0]!;
		expect(failure.attrs['message']).toBe(`h<1>: <b>&"quoted"</b> 'x' red  ]]> done ⏎ line two`);
		expect(failure.text).toBe(`h<1> (failed): <b>&"quoted"</b> 'x' red  ]]> done\nline two`);
		expect(findAll(root, 'testcase')[0]!.attrs['name']).toBe(`<b>&"quoted"</b> 'x' red  ]]> done`);
	});
});

describe('JUnit and a unit that fell back', () => {
	const failedMain = reportStep('setup-hosts-1', 'failed', {
		fallback: 'setup-hosts-fallback',
		tasks: [{name: 'Create containers', play: null, handler: false, seconds: 1, counts: {failed: 1}, failures: [{host: 'infra1', status: 'failed', msg: 'lxc-create failed'}]}],
	});
	const junit = (fallbackStatus: ReportStep['status']) =>
		parseXml(
			reportJunit({
				plan: {name: 'p', path: '/p', hash: 'h'},
				run: {status: fallbackStatus === 'done' ? 'done' : 'failed', notStarted: null, startedAt: null, updatedAt: null, dir: '/d', ansible: null},
				generatedAt: '2026-01-01T00:00:00.000Z',
				steps: [failedMain, reportStep('setup-hosts-fallback', fallbackStatus)],
			}),
		);

	it('a failure its fallback made good is told as it ended, with the hand-over, and is no failure of the run', () => {
		const root = junit('done');
		expect(root.attrs['failures']).toBe('0');
		expect(findAll(root, 'failure')).toHaveLength(0);
		const skipped = findAll(root, 'skipped').map((s) => s.attrs['message']);
		expect(skipped).toContain("failed on infra1: lxc-create failed; handed over to the unit's fallback setup-hosts-fallback, which finished");
	});

	it('while its fallback has not finished, the failure stays a failure', () => {
		const root = junit('failed');
		expect(findAll(root, 'failure').map((f) => f.attrs['message'])).toContain('infra1: lxc-create failed');
	});
});

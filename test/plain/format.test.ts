import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {formatDuration, handOverCommands, problemText, runHeadline, stepLabel, stepLines, totalsText} from '../../source/plain/format.js';
import type {Plan, PlanStep} from '../../source/plan/types.js';
import {newRunState, updateStep} from '../../source/run/machine.js';

function step(id: string, argv: string[], cwd = '/srv/project'): PlanStep {
	return {id, name: id, kind: 'command', argv, cwd, env: {}, pause: 'step', hash: `h-${id}`};
}

function plan(steps: PlanStep[]): Plan {
	return {name: 'Upgrade', path: '/srv/project/plan.yml', cwd: '/srv/project', command: [], env: {}, steps, hash: 'ph'};
}

describe('formatDuration', () => {
	it.each([
		[0, '0.0s'],
		[1500, '1.5s'],
		[59_900, '59.9s'],
		[60_000, '1m00s'],
		[61_500, '1m01s'],
		[754_000, '12m34s'],
		[3_599_999, '59m59s'],
		[3_600_000, '1h00m'],
		[7_260_000, '2h01m'],
		[100 * 3_600_000, '100h00m'],
	])('%d ms is %s', (ms, text) => {
		expect(formatDuration(ms)).toBe(text);
	});

	it('a negative, NaN or infinite duration is "-"', () => {
		expect([-1, Number.NaN, Number.POSITIVE_INFINITY].map(formatDuration)).toEqual(['-', '-', '-']);
	});

	// Rounding must happen before the < 60 check, or 59.95 s to 59.999 s would print "60.0s".
	it('just under a minute never prints as "60.0s"', () => {
		expect(formatDuration(59_960)).not.toBe('60.0s');
	});
});

describe('handOverCommands', () => {
	const awkward = ['printf', '%s|', 'a b', 'hi!', "it's", '"dq"', '$HOME', '`id`', '*', 'semi;colon', '', 'tab\there'];

	it('quotes every argument that is not plain, and leaves plain ones bare', () => {
		const [line] = handOverCommands(plan([step('s', ['ansible-playbook', '-i', 'inv.ini', '--limit', 'web:!db', "--extra-vars=msg='it is'"])]), 0);
		expect(line).toBe(`cd /srv/project && ansible-playbook -i inv.ini --limit 'web:!db' '--extra-vars=msg='\\''it is'\\'''`);
	});

	it('gives one line per step from the given index to the end', () => {
		const p = plan([step('a', ['true']), step('b', ['echo', 'b']), step('c', ['echo', 'c'], '/srv/other dir')]);
		expect(handOverCommands(p, 1)).toEqual(['cd /srv/project && echo b', "cd '/srv/other dir' && echo c"]);
		expect(handOverCommands(p, 3)).toEqual([]);
	});

	it('pasted into a POSIX shell, the command runs in the step cwd with exactly the step argv (spaces, !, quotes, $, globs)', () => {
		const dir = mkdtempSync(join(tmpdir(), "hand over 'q' !"));
		try {
			const [line] = handOverCommands(plan([step('s', [...awkward, '$(pwd)'], dir)]), 0);
			const out = execFileSync('sh', ['-c', `${line!} && pwd`], {encoding: 'utf8', env: {PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: '/nowhere'}});
			expect(out).toBe(`${awkward.slice(2).join('|')}|$(pwd)|${dir}\n`);
			const [bashLine] = handOverCommands(plan([step('s', awkward)]), 0);
			// bash -i would do history expansion on an unquoted "!".
			expect(bashLine).toContain("'hi!'");
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});
});

describe('problemText', () => {
	it('strips escape sequences and control characters from host, task and message and keeps it on one line', () => {
		const text = problemText({
			host: 'db1\u001b[2J',
			task: 'restart \u001b]0;owned\u0007galera',
			status: 'failed',
			msg: '\u001b[31mwsrep not Synced\u001b[0m\r\nretry\bing\u009b2J',
		});
		expect(text).toBe('FAILED db1 | task "restart galera" | wsrep not Synced ⏎ retrying');
		expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
	});

	it('says UNREACHABLE for an unreachable host and "(no message)" when there is none', () => {
		expect(problemText({host: 'h3', task: 'ping', status: 'unreachable', msg: '\u001b[0m  \u0007'})).toBe('UNREACHABLE h3 | task "ping" | (no message)');
	});

	it('cuts a long message to 400 characters and marks the cut', () => {
		const text = problemText({host: 'h', task: 't', status: 'failed', msg: 'x'.repeat(1000)});
		expect(text).toBe(`FAILED h | task "t" | ${'x'.repeat(400)}…`);
	});
});

describe('labels and lines', () => {
	it('stepLabel pads the index to the width of the total; totalsText names every count', () => {
		expect(stepLabel(0, 12, 'setup-hosts')).toBe('[ 1/12] setup-hosts');
		expect(stepLabel(11, 12, 'x')).toBe('[12/12] x');
		expect(totalsText({ok: 5, changed: 2, failed: 1, unreachable: 0, skipped: 3})).toBe('ok=5 changed=2 failed=1 unreachable=0 skipped=3');
	});

	it('stepLines show status, duration, attempts, totals and a sanitized reason; runHeadline counts done steps and what a pause waits for', () => {
		let state = newRunState(plan([step('a', ['true']), step('b', ['false'])]));
		state = updateStep(state, 0, {status: 'done', startedAt: '2026-01-01T00:00:00.000Z', endedAt: '2026-01-01T00:01:05.000Z', reason: 'exited 0'});
		state = updateStep(state, 1, {
			status: 'failed',
			attempts: 2,
			startedAt: '2026-01-01T00:02:00.000Z',
			endedAt: '2026-01-01T00:02:03.000Z',
			hosts: {ok: 1, changed: 0, failed: 1, unreachable: 0, skipped: 0},
			reason: 'exited 2\u001b[31m\nbefore its recap',
		});
		expect(stepLines(state)).toEqual([
			'✓ [1/2] a  done  1m05s  ok=0 changed=0 failed=0 unreachable=0 skipped=0',
			'✗ [2/2] b  failed  3.0s  2 attempts  ok=1 changed=0 failed=1 unreachable=0 skipped=0  exited 2 ⏎ before its recap',
		]);
		expect(runHeadline(state)).toBe('Upgrade: idle, 1 of 2 steps done');
		expect(runHeadline({...state, run: {...state.run, status: 'pausing', waitingFor: 'handler "restart service"'}})).toBe(
			'Upgrade: pausing (waiting for handler "restart service"), 1 of 2 steps done',
		);
	});
});

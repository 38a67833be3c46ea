import {mkdtempSync, readdirSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {expect, it} from 'vitest';
import {cachedVersionAsker} from '../../source/ansible/version-cache.js';

it('asks a program file once; asks again when the file changes, or when it told no version', () => {
	const dir = mkdtempSync(join(tmpdir(), 'version-cache-'));
	const program = join(dir, 'ansible-playbook');
	writeFileSync(program, '#!/bin/sh\n', {mode: 0o755});
	let asked = 0;
	let answer: string | null = 'ansible-playbook [core 2.17.4]\n';
	const ask = cachedVersionAsker(() => (asked++, answer), join(dir, 'cache'));
	const opts = {cwd: dir, env: {}};
	expect(ask(program, opts)).toContain('2.17.4');
	expect(ask(program, opts)).toContain('2.17.4');
	expect(asked).toBe(1);
	// An upgrade rewrites the program file.
	answer = 'ansible-playbook [core 2.18.6]\n';
	utimesSync(program, new Date(), new Date(Date.now() + 5000));
	expect(ask(program, opts)).toContain('2.18.6');
	expect(asked).toBe(2);
	// Another Python search path may find another ansible.
	expect(ask(program, {cwd: dir, env: {PYTHONPATH: '/elsewhere'}})).toContain('2.18.6');
	expect(asked).toBe(3);
	// No version told: not kept.
	const other = join(dir, 'other');
	writeFileSync(other, '#!/bin/sh\n', {mode: 0o755});
	answer = null;
	expect(ask(other, opts)).toBeNull();
	expect(ask(other, opts)).toBeNull();
	expect(asked).toBe(5);
});

it('asks again when the kept answer is cut short (a writer killed mid-write, a full disk)', () => {
	const dir = mkdtempSync(join(tmpdir(), 'version-cache-'));
	const program = join(dir, 'ansible-playbook');
	writeFileSync(program, '#!/bin/sh\n', {mode: 0o755});
	let asked = 0;
	const cache = join(dir, 'cache');
	const ask = cachedVersionAsker(() => (asked++, 'ansible-playbook [core 2.17.4]\n'), cache);
	const opts = {cwd: dir, env: {}};
	ask(program, opts);
	const [kept] = readdirSync(cache);
	writeFileSync(join(cache, kept!), 'ansible-playbook [co');
	expect(ask(program, opts)).toContain('2.17.4');
	expect(asked).toBe(2);
	expect(readdirSync(cache)).toEqual([kept]);
});

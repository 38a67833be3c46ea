// The run report as markdown, for change tickets and people: the ansible-core each step ran, a
// table of steps, then every failed or unreachable host with its task and message. Pure.
import {sanitizeLine} from '../ansible/sanitize.js';
import {testedRangeText, type AnsibleView} from '../ansible/version.js';
import {formatDuration} from '../plain/format.js';
import {count} from '../text/words.js';
import type {ReportStep, RunReport} from './model.js';

/** A table cell: one line, `|` escaped. */
function cell(text: string): string {
	return sanitizeLine(text).replaceAll('\\', '\\\\').replaceAll('|', '\\|');
}

function statusText(s: ReportStep): string {
	if (s.fallback) return `failed, handed over to ${s.fallback}`;
	return s.doneByMarker ? 'done earlier (marker)' : s.status;
}

function note(s: ReportStep): string {
	if (s.doneByMarker) return '';
	const only = s.failedHostsOnly ? `attempt ${s.attempts} on the hosts that had failed only (${s.failedHostsOnly.join(', ')})` : '';
	if (s.pausedAt?.task) return [only, `paused before "${s.pausedAt.task}"`].filter(Boolean).join('; ');
	return [only, s.status === 'done' || s.status === 'pending' ? '' : (s.reason ?? '')].filter(Boolean).join('; ');
}

/** Step numbers as ranges: "steps 1-3, 5". */
function stepNumbers(numbers: number[]): string {
	const parts: string[] = [];
	for (let i = 0; i < numbers.length; i++) {
		const first = numbers[i]!;
		while (numbers[i + 1] === numbers[i]! + 1) i++;
		parts.push(numbers[i] === first ? String(first) : `${first}-${numbers[i]}`);
	}
	return `${numbers.length === 1 ? 'step' : 'steps'} ${parts.join(', ')}`;
}

function ansibleHow(a: AnsibleView): string {
	const untested = a.tested === false ? `; outside the tested releases ${testedRangeText}` : '';
	if (a.source === 'events') return untested === '' ? '' : ` (${untested.slice(2)})`;
	const found = a.source === 'path' ? `the ansible-playbook on PATH, \`${a.program ?? ''}\`; the step's command may run another` : `\`${a.program ?? ''} --version\``;
	return ` (preflight: ${found}${untested})`;
}

/** Which ansible-core each step ran (its events) or will run (preflight), steps grouped. */
function ansibleLine(r: RunReport): string {
	const groups = new Map<string, {ansible: AnsibleView; numbers: number[]}>();
	for (const s of r.steps) {
		if (!s.ansible) continue;
		const key = JSON.stringify([s.ansible.version, s.ansible.source, s.ansible.program]);
		const group = groups.get(key) ?? {ansible: s.ansible, numbers: []};
		group.numbers.push(s.number);
		groups.set(key, group);
	}
	const parts = [...groups.values()].map(
		({ansible, numbers}) => `${ansible.version ?? 'unknown'} ${ansible.source === 'events' ? 'ran' : 'for'} ${stepNumbers(numbers)}${ansibleHow(ansible)}`,
	);
	return `- ansible-core: ${parts.length === 0 ? 'unknown' : sanitizeLine(parts.join('; '))}`;
}

export function reportMarkdown(r: RunReport): string {
	const done = r.steps.filter((s) => s.status === 'done' || s.status === 'skipped' || s.fallback !== null).length;
	const lines = [
		`# ${cell(r.plan.name)}`,
		'',
		r.run.notStarted === null
			? `Run **${r.run.status}**: ${done} of ${count(r.steps.length, 'step')} done.`
			: `Upgrade **not started**: the check ${cell(r.run.notStarted)} before it failed, and no step of the upgrade ran.`,
		'',
		`- plan: \`${cell(r.plan.path)}\``,
		`- run directory: \`${cell(r.run.dir)}\``,
		`- started: ${r.run.startedAt ?? '-'}; report written: ${r.generatedAt}`,
		ansibleLine(r),
		'',
		'| # | step | status | duration | attempts | ok | changed | failed | unreachable | skipped | note |',
		'|--:|---|---|--:|--:|--:|--:|--:|--:|--:|---|',
	];
	for (const s of r.steps) {
		const h = s.hosts;
		const duration = s.durationMs === null ? '-' : formatDuration(s.durationMs);
		lines.push(
			`| ${s.number} | ${cell(s.id)} | ${statusText(s)} | ${duration} | ${s.attempts} | ${h.ok} | ${h.changed} | ${h.failed} | ${h.unreachable} | ${h.skipped} | ${cell(note(s))} |`,
		);
	}

	lines.push('', '## Failed and unreachable hosts', '');
	const failing = r.steps.filter((s) => s.failedHosts.length > 0);
	if (failing.length === 0) lines.push('None.');
	for (const s of failing) {
		lines.push(`### ${s.number}. ${cell(s.id)} (${statusText(s)})`, '', '| host | task | result | message |', '|---|---|---|---|');
		for (const f of s.failedHosts) lines.push(`| ${cell(f.host)} | ${cell(f.task)} | ${f.status} | ${cell(f.msg) || '(no message)'} |`);
		lines.push('');
	}
	return `${lines.join('\n').trimEnd()}\n`;
}

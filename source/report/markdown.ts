// The run report as markdown, for change tickets and people: a table of steps, then every failed
// or unreachable host with its task and message. Pure.
import {sanitizeLine} from '../ansible/sanitize.js';
import {formatDuration} from '../plain/format.js';
import type {ReportStep, RunReport} from './model.js';

/** A table cell: one line, `|` escaped. */
function cell(text: string): string {
	return sanitizeLine(text).replaceAll('\\', '\\\\').replaceAll('|', '\\|');
}

function statusText(s: ReportStep): string {
	return s.doneByMarker ? 'done earlier (marker)' : s.status;
}

function note(s: ReportStep): string {
	if (s.doneByMarker) return '';
	if (s.pausedAt?.task) return `paused before "${s.pausedAt.task}"`;
	return s.status === 'done' || s.status === 'pending' ? '' : (s.reason ?? '');
}

export function reportMarkdown(r: RunReport): string {
	const done = r.steps.filter((s) => s.status === 'done' || s.status === 'skipped').length;
	const lines = [
		`# ${cell(r.plan.name)}`,
		'',
		`Run **${r.run.status}**: ${done} of ${r.steps.length} steps done.`,
		'',
		`- plan: \`${cell(r.plan.path)}\``,
		`- run directory: \`${cell(r.run.dir)}\``,
		`- started: ${r.run.startedAt ?? '-'}; report written: ${r.generatedAt}`,
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

// ansible-core versions: read from `ansible-playbook --version`, and checked against the releases
// the driver (and its callback plugin) is tested with. Pure.

/** The ansible-core releases (major.minor) the driver is tested with, oldest and newest. */
export const TESTED_ANSIBLE_CORE = {oldest: [2, 14], newest: [2, 22]} as const;

export const testedRangeText = `${TESTED_ANSIBLE_CORE.oldest.join('.')} to ${TESTED_ANSIBLE_CORE.newest.join('.')}`;

/** Which ansible-core a step runs (or ran), and how that is known. */
export interface AnsibleInfo {
	/** e.g. "2.19.11"; null when it could not be told. */
	version: string | null;
	/**
	 * events: the callback plugin's hello in the step's latest attempt (what ran); command:
	 * preflight ran the step's own program (ansible-playbook) with --version; path: the step runs
	 * a wrapper, and preflight asked the ansible-playbook found on the same PATH instead.
	 */
	source: 'events' | 'command' | 'path';
	/** The program preflight asked with --version; null for events. */
	program: string | null;
}

/** What status --json and the report print: the info and whether its version is a tested one. */
export interface AnsibleView extends AnsibleInfo {
	tested: boolean | null;
}

export type VersionRange = 'tested' | 'older' | 'newer' | 'unknown';

/**
 * The version in `ansible-playbook --version` output: `ansible-playbook [core 2.19.11]` (2.11 on),
 * `ansible-playbook 2.9.6` (before). The first line that names ansible-playbook counts, so a
 * warning printed before it does not hide it. Null when no such line holds a version.
 */
export function parseAnsibleVersionOutput(output: string): string | null {
	for (const line of output.split('\n')) {
		const match = /^\s*ansible-playbook\s+(?:\[core\s+([^\]\s]+)\s*\]|(\d[^\s]*))/.exec(line);
		if (!match) continue;
		const version = match[1] ?? match[2] ?? '';
		return versionParts(version) ? version : null;
	}
	return null;
}

/** Major and minor of a version such as `2.19.11`, `2.22.0b2` or `2.9.6`; null when it is not one. */
export function versionParts(version: string): {major: number; minor: number} | null {
	const match = /^(\d+)\.(\d+)(?:\.\d+)?(?:[.+-]?[a-z][\w.+-]*)?$/i.exec(version.trim());
	if (!match) return null;
	return {major: Number(match[1]), minor: Number(match[2])};
}

/** Where a version stands against the tested releases (a pre-release counts as its release). */
export function versionRange(version: string | null): VersionRange {
	const parts = version === null ? null : versionParts(version);
	if (!parts) return 'unknown';
	const at = (pair: readonly [number, number]) => parts.major * 1000 + parts.minor - (pair[0] * 1000 + pair[1]);
	if (at(TESTED_ANSIBLE_CORE.oldest) < 0) return 'older';
	if (at(TESTED_ANSIBLE_CORE.newest) > 0) return 'newer';
	return 'tested';
}

/** True inside the tested range, false outside, null when the version is not known. */
export function isTestedVersion(version: string | null): boolean | null {
	const range = versionRange(version);
	return range === 'unknown' ? null : range === 'tested';
}

/** Why a version deserves a warning, in words (short: the TUI's footer is one line); null when it is a tested one. */
export function untestedWords(version: string | null): string | null {
	switch (versionRange(version)) {
		case 'tested':
			return null;
		case 'older':
			return `ansible-core ${version} is older than the tested releases (${testedRangeText})`;
		case 'newer':
			return `ansible-core ${version} is newer than the tested releases (${testedRangeText})`;
		case 'unknown':
			return `the ansible-core version could not be told (tested releases: ${testedRangeText})`;
	}
}

export function ansibleView(info: AnsibleInfo | null | undefined): AnsibleView | null {
	return info ? {version: info.version, source: info.source, program: info.program, tested: isTestedVersion(info.version)} : null;
}

// Step ids: slugs of what a step runs, unique within a plan.

export const ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;

/** A lowercase id made of [a-z0-9._-], starting with a letter or digit; "step" if nothing is left. */
export function slugify(text: string): string {
	const slug = text
		.normalize('NFKD')
		.replaceAll(/[\u0300-\u036F]/g, '')
		.toLowerCase()
		.replaceAll(/[^a-z0-9._-]+/g, '-')
		.replaceAll(/-{2,}/g, '-')
		.replace(/^[^a-z0-9]+/, '')
		.replace(/[-_.]+$/, '');
	return slug === '' ? 'step' : slug;
}

/**
 * Give each step without an explicit id a unique one from its base slug: `x`, then `x-2`, `x-3`...
 * Explicit ids (and `reserved`, e.g. unit ids) are taken first, so a default never takes an id
 * written later in the plan.
 */
export function assignDefaultIds(steps: Array<{explicit?: string; base: string}>, reserved: Iterable<string> = []): string[] {
	const used = new Set<string>(reserved);
	for (const step of steps) if (step.explicit !== undefined) used.add(step.explicit);
	return steps.map(step => {
		if (step.explicit !== undefined) return step.explicit;
		let id = step.base;
		for (let n = 2; used.has(id); n++) id = `${step.base}-${n}`;
		used.add(id);
		return id;
	});
}

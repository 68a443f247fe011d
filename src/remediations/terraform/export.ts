import type { FixPlan } from '../plan.js';
import type { Action } from '../types.js';
import { Expr, block, ref, renderHcl, type TfBlock, type TfValue } from './hcl.js';
import { referToDeclaredResources } from './references.js';

/**
 * The plan as Terraform (aws provider): one file, or one file per kind of action plus
 * `providers.tf`. Resources outside the home Region use an aliased provider per Region. Several
 * actions may describe the same resource (each change to a trail exports the whole trail): the
 * last description wins, in the place of the first, with every `depends_on` they named;
 * `depends_on` entries on resources the plan does not create are dropped, and a literal that names
 * a resource the file declares becomes a reference to it (see references.ts).
 */

/** Services whose resources have no Region. */
const GLOBAL_TYPES = /^aws_iam_/;

export function terraformFiles(plan: FixPlan, homeRegion: string, layout: 'file' | 'folder'): Map<string, string> {
  const regions = new Set<string>();
  const groups = new Map<string, TfBlock[]>();
  const byAddress = new Map<string, TfBlock>();
  for (const action of plan.actions) {
    const group = layout === 'file' ? 'main' : action.id.split(':')[0]!;
    for (const original of action.terraform) {
      const placed = withProvider(original, action, homeRegion, regions);
      const key = blockKey(placed);
      const earlier = byAddress.get(key);
      if (earlier) {
        mergeInto(earlier, placed);
        continue;
      }
      const copy = copyBlock(placed);
      byAddress.set(key, copy);
      groups.set(group, [...(groups.get(group) ?? []), copy]);
    }
  }
  const declared = new Set([...byAddress.values()].filter((b) => b.type === 'resource').map((b) => b.labels.join('.')));
  for (const b of byAddress.values()) pruneDependsOn(b, declared);
  referToDeclaredResources([...byAddress.values()], homeRegion, new Map([...regions].map((region) => [providerAlias(region), region])));

  const providers = providerBlocks(homeRegion, regions);
  const files = new Map<string, string>();
  if (layout === 'file') {
    files.set('main.tf', renderHcl([...providers, ...(groups.get('main') ?? [])]));
  } else {
    files.set('providers.tf', renderHcl(providers));
    for (const [group, blocks] of groups) files.set(`${group}.tf`, renderHcl(blocks));
  }
  return files;
}

export function providerAlias(region: string): string {
  return region.replace(/-/g, '_');
}

function providerBlocks(homeRegion: string, regions: Set<string>): TfBlock[] {
  return [
    block('terraform', [], {}, [block('required_providers', [], { aws: { source: 'hashicorp/aws', version: '>= 5.40' } })]),
    block('provider', ['aws'], { region: homeRegion }),
    ...[...regions].sort().map((region) => block('provider', ['aws'], { alias: providerAlias(region), region })),
  ];
}

/** Resources (and imports) of an action outside the home Region name that Region's provider. */
function withProvider(b: TfBlock, action: Action, homeRegion: string, regions: Set<string>): TfBlock {
  const region = action.change.region;
  const type = b.type === 'resource' ? b.labels[0]! : b.type === 'import' ? importedType(b) : '';
  if (region === homeRegion || GLOBAL_TYPES.test(type) || (b.type !== 'resource' && b.type !== 'import')) return b;
  regions.add(region);
  return { ...b, body: [{ name: 'provider', value: ref(`aws.${providerAlias(region)}`) }, ...b.body] };
}

function importedType(b: TfBlock): string {
  const to = b.body.find((item) => 'value' in item && item.name === 'to');
  return to && 'value' in to && to.value instanceof Expr ? to.value.text.split('.')[0]! : '';
}

function blockKey(b: TfBlock): string {
  if (b.type === 'import') {
    const to = b.body.find((item) => 'value' in item && item.name === 'to');
    return `import:${to && 'value' in to && to.value instanceof Expr ? to.value.text : ''}`;
  }
  return `${b.type}:${b.labels.join('.')}`;
}

/** The later description replaces the earlier one; their `depends_on` lists are joined. */
function mergeInto(earlier: TfBlock, later: TfBlock): void {
  const dependencies = [...dependsOnOf(earlier), ...dependsOnOf(later)];
  earlier.body = copyBlock(later).body.filter((item) => !('value' in item && item.name === 'depends_on'));
  const unique = [...new Set(dependencies)];
  if (unique.length > 0) earlier.body.push({ name: 'depends_on', value: unique.map(ref) });
}

function dependsOnOf(b: TfBlock): string[] {
  const item = b.body.find((entry) => 'value' in entry && entry.name === 'depends_on');
  if (!item || !('value' in item) || !Array.isArray(item.value)) return [];
  return item.value.flatMap((value: TfValue) => (value instanceof Expr ? [value.text] : []));
}

function pruneDependsOn(b: TfBlock, declared: Set<string>): void {
  const kept = dependsOnOf(b).filter((address) => declared.has(address));
  b.body = b.body.filter((item) => !('value' in item && item.name === 'depends_on'));
  if (kept.length > 0) b.body.push({ name: 'depends_on', value: kept.map(ref) });
}

/** A copy whose bodies can be changed without touching the action's blocks; values are shared, never changed. */
function copyBlock(b: TfBlock): TfBlock {
  return { type: b.type, labels: [...b.labels], body: b.body.map((item) => ('value' in item ? { name: item.name, value: item.value } : copyBlock(item))) };
}

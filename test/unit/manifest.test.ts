// package.json's settings (contributes.configuration) agree with the one
// definition of the options (src/engine/options.ts, src/engine/limits.ts):
// the same words in the same order, one description each (the same text as
// the definition's, through package.nls.json), the same defaults and ranges.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as v from 'valibot';
import { OPTIONS, type Option } from '../../src/engine/options';
import { LOG_FILE_EXTENSIONS, TITLE_BUTTON_EXTENSIONS } from '../../src/engine/logFiles';

const ROOT = path.resolve(__dirname, '../../..');

interface SettingSchema {
  type: string;
  enum?: unknown[];
  enumDescriptions?: string[];
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  default: unknown;
  scope?: string;
}

function manifest(): { props: Record<string, SettingSchema>; nls: Record<string, string> } {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, SettingSchema> } };
  };
  const nls = JSON.parse(readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
  return { props: pkg.contributes.configuration.properties, nls };
}

/** "%config.boundary.strict%" read through package.nls.json. */
function localized(nls: Record<string, string>, text: string): string | undefined {
  const key = /^%(.+)%$/.exec(text)?.[1];
  return key === undefined ? text : nls[key];
}

/** What is wrong with the manifest's entry for `option`, one line each (empty: it agrees). */
function settingDrift(option: Option, p: SettingSchema | undefined, nls: Record<string, string>): string[] {
  const key = `sessionscope.${option.setting}`;
  if (!p) return [`${key} is not contributed`];
  const drift: string[] = [];
  const differ = (what: string, got: unknown, want: unknown) => {
    if (JSON.stringify(got) !== JSON.stringify(want)) drift.push(`${key} ${what}: package.json has ${JSON.stringify(got)}, the definition ${JSON.stringify(want)}`);
  };
  differ('default', p.default, option.default);
  if (!v.is(option.schema as v.GenericSchema, p.default)) drift.push(`${key} default ${JSON.stringify(p.default)} is not allowed by its definition`);
  if (option.kind === 'choice') {
    differ('type', p.type, 'string');
    differ('enum', p.enum, option.values);
    differ('enumDescriptions count', p.enumDescriptions?.length, option.values.length);
    option.values.forEach((value, i) => {
      const text = p.enumDescriptions?.[i];
      differ(`enumDescriptions[${i}] (${value})`, text === undefined ? undefined : localized(nls, text), (option.choices as Record<string, { description: string }>)[value].description);
    });
  } else if (option.kind === 'flag') {
    differ('type', p.type, 'boolean');
  } else {
    differ('type', p.type, option.integer ? 'integer' : 'number');
    differ('minimum', p.minimum, option.minExclusive ? undefined : option.min);
    differ('exclusiveMinimum', p.exclusiveMinimum, option.minExclusive ? option.min : undefined);
    differ('maximum', p.maximum, option.max);
  }
  return drift;
}

const settingOptions = Object.values(OPTIONS).filter((o) => o.setting !== undefined);

describe('package.json settings against the option definitions', function () {
  it('every option with a setting is contributed with its words, descriptions, default and range', function () {
    const { props, nls } = manifest();
    assert.ok(settingOptions.length >= 11, 'every option is a setting');
    const drift = settingOptions.flatMap((o) => settingDrift(o, props[`sessionscope.${o.setting}`], nls));
    assert.deepEqual(drift, []);
  });

  it('every contributed setting with an enum, a number or a flag has a definition', function () {
    const { props } = manifest();
    const checked = Object.entries(props)
      .filter(([, p]) => p.enum !== undefined || ['number', 'integer', 'boolean'].includes(p.type))
      .map(([k]) => k)
      .sort();
    assert.deepEqual(checked, settingOptions.map((o) => `sessionscope.${o.setting}`).sort());
  });

  it('every setting is resource-scoped: they are read for the log file (folder settings apply, and VS Code warns on a window-scoped one)', function () {
    const { props } = manifest();
    const notResource = Object.entries(props).filter(([, p]) => p.scope !== 'resource').map(([k]) => k);
    assert.deepEqual(notResource, []);
  });

  it('tells each kind of drift (so the test above can fail)', function () {
    const { props, nls } = manifest();
    const boundary = props['sessionscope.boundary'];
    assert.deepEqual(settingDrift(OPTIONS.boundary, { ...boundary, enum: ['inclusive', 'strict'] }, nls), [
      'sessionscope.boundary enum: package.json has ["inclusive","strict"], the definition ["strict","inclusive"]',
    ]);
    assert.match(settingDrift(OPTIONS.boundary, { ...boundary, enumDescriptions: boundary.enumDescriptions!.slice(1) }, nls).join('\n'), /enumDescriptions count: package.json has 1, the definition 2/);
    assert.match(settingDrift(OPTIONS.boundary, boundary, { ...nls, 'config.boundary.strict': 'Split sometimes.' }).join('\n'), /enumDescriptions\[0\] \(strict\): package.json has "Split sometimes\."/);
    assert.deepEqual(settingDrift(OPTIONS.ranking, { ...props['sessionscope.ranking'], default: 'insight' }, nls), [
      'sessionscope.ranking default: package.json has "insight", the definition "reference"',
    ]);
    assert.deepEqual(settingDrift(OPTIONS.window, { ...props['sessionscope.window'], maximum: 100, default: 0 }, nls), [
      'sessionscope.window default: package.json has 0, the definition 3',
      'sessionscope.window default 0 is not allowed by its definition',
      'sessionscope.window maximum: package.json has 100, the definition 50',
    ]);
    assert.match(settingDrift(OPTIONS.maxGapMinutes, { ...props['sessionscope.maxGapMinutes'], minimum: 0, exclusiveMinimum: undefined }, nls).join('\n'), /minimum: package.json has 0, the definition undefined[\s\S]*exclusiveMinimum: package.json has undefined, the definition 0/);
    assert.deepEqual(settingDrift(OPTIONS.geomean, { ...props['sessionscope.geomean'], type: 'string' }, nls), ['sessionscope.geomean type: package.json has "string", the definition "boolean"']);
    assert.deepEqual(settingDrift(OPTIONS.geomean, undefined, nls), ['sessionscope.geomean is not contributed']);
  });
});

interface MenuEntry {
  command: string;
  when: string;
}

/** The regular expression of a `when` clause's `=~` on a key (VS Code's syntax: `key =~ /source/flags`). */
function whenRegex(when: string, key: string): RegExp {
  const m = new RegExp(`${key} =~ /(.+?)/([a-z]*)(?:$| )`).exec(when);
  assert.ok(m, `no "${key} =~ /.../" in ${JSON.stringify(when)}`);
  return new RegExp(m[1], m[2]);
}

/** The names of the files a log extension list matches and a handful it must not. */
function offered(re: RegExp, names: (ext: string) => string[]): string[] {
  const candidates = [...LOG_FILE_EXTENSIONS, 'ts', 'md', 'evtx', 'csvx', 'xlsx', 'png', 'zip'];
  return candidates.filter((ext) => names(ext).every((n) => re.test(n)));
}

describe('package.json menus offer scoring on the log files the extension takes (src/engine/logFiles.ts)', function () {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { menus: Record<string, MenuEntry[]> } };
  const menus = pkg.contributes.menus;
  const ours = (menu: string): MenuEntry[] => menus[menu].filter((e) => e.command.startsWith('sessionscope.score'));

  it('the Explorer context menu: every log extension, gzipped or not, and no folder', function () {
    assert.equal(ours('explorer/context').length, 2);
    for (const e of ours('explorer/context')) {
      assert.match(e.when, /^!explorerResourceIsFolder && /);
      const re = whenRegex(e.when, 'resourceFilename');
      assert.deepEqual(offered(re, (x) => [`audit.${x}`, `AUDIT.${x.toUpperCase()}`, `audit.${x}.gz`]), [...LOG_FILE_EXTENSIONS], e.command);
      assert.ok(!re.test('audit.csv.bak') && !re.test('csv'), e.command);
    }
  });

  it('the editor context menu: every log extension', function () {
    assert.equal(ours('editor/context').length, 2);
    for (const e of ours('editor/context')) assert.deepEqual(offered(whenRegex(e.when, 'resourceExtname'), (x) => [`.${x}`, `.${x.toUpperCase()}`]), [...LOG_FILE_EXTENSIONS], e.command);
  });

  it("the editor title's button: only the extensions that name logs or tables by their kind", function () {
    const [title] = ours('editor/title');
    assert.deepEqual(offered(whenRegex(title.when, 'resourceExtname'), (x) => [`.${x}`]), [...TITLE_BUTTON_EXTENSIONS]);
    assert.ok(TITLE_BUTTON_EXTENSIONS.every((x) => (LOG_FILE_EXTENSIONS as readonly string[]).includes(x)));
  });
});

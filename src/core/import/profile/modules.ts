/** The package or module of a frame, from its file or its name, so that the flame graph can colour by it. */

/** Package of a file path or URL: the npm package under node_modules, `node:` builtins, else the file name. */
export function moduleOfFile(file: string): string {
  if (!file) return '';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (nm) return nm[1]!;
  if (file.startsWith('node:')) return 'node';
  const base = file.split(/[/\\]/).pop() ?? file;
  return base;
}

/**
 * Module of a bare frame name as folded stacks write it: `_[k]` kernel, `_[j]` JIT, a file path after the
 * function (V8 via perf), C++ `ns::`, Go `pkg.Func`, Java `pkg/Class` or `pkg.Class.method`.
 */
export function moduleOfName(name: string): string {
  if (name.endsWith('_[k]')) return 'kernel';
  const file = / (\/\S+|\S+\.(?:js|mjs|cjs|ts|py|rb)):\d+/.exec(name);
  if (file) return moduleOfFile(file[1]!);
  const bare = name.replace(/^(?:LazyCompile|Function|Builtin|Stub|RegExp|Script):[*~]?/, '');
  const cpp = /^([A-Za-z_]\w*)::/.exec(bare);
  if (cpp) return cpp[1]!;
  const slash = /^([a-z][\w.-]*(?:\/[a-z][\w.-]*)*)\/[A-Z]/.exec(bare);
  if (slash) return slash[1]!.split('/').slice(0, 2).join('/');
  const dotted = /^((?:[a-z][\w-]*\.)+)[A-Z]/.exec(bare);
  if (dotted) return dotted[1]!.split('.').slice(0, 2).join('.');
  const go = /^((?:[\w.-]+\/)*[\w-]+)\.[\w(*]/.exec(bare);
  if (go && !bare.includes(' ')) return go[1]!;
  return '';
}

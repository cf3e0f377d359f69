// Module resolution hook: resolve @s3cse/reference (and any package with an "s3cse-source"
// export condition) to its TypeScript sources, as `npm run` does through .npmrc's node-options.
// Registered by s3cse.js so `node bin/s3cse.js` and `npx s3cse` need no build either.
export async function resolve(specifier, context, nextResolve) {
  const conditions = context.conditions.includes('s3cse-source') ? context.conditions : [...context.conditions, 's3cse-source'];
  return nextResolve(specifier, { ...context, conditions });
}

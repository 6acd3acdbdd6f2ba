export async function resolve(specifier, context, next) {
  const fromCruiser = context.parentURL?.includes('/node_modules/dependency-cruiser/');
  if (fromCruiser && (specifier === 'typescript' || specifier.startsWith('typescript/'))) {
    return next(specifier.replace(/^typescript/, 'typescript-5'), context);
  }
  return next(specifier, context);
}

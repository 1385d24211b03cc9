/**
 * The object without its undefined entries. Spread over defaults, an undefined entry would override
 * the default; rendered into YAML, it would show as `null` where Prometheus should apply its own.
 */
export function definedOnly<T extends object>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}

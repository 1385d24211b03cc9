/** Text as a literal in a regular expression: PCRE (nginx) and RE2 (Prometheus) escape the same characters. */
export function regexLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

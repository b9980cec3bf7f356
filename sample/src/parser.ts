// Type here and watch the status bar.
export function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

/* Times, days and file sizes as the person reads them: in their language and their own
   time zone (the server rendered the page with it too). setupFormats() runs once. */

import { fmt } from "./dom.js";
import { state } from "./state.js";

let sizeFormat;
export function fileSize(bytes) {
  const S = state.S;
  sizeFormat = sizeFormat || new Intl.NumberFormat(state.lang, { maximumFractionDigits: 1 });
  if (bytes < 1024) { return fmt(S.sizeBytes, { size: bytes }); }
  if (bytes < 1024 * 1024) { return fmt(S.sizeKb, { size: sizeFormat.format(bytes / 1024) }); }
  return fmt(S.sizeMb, { size: sizeFormat.format(bytes / 1024 / 1024) });
}

let timeFormat, dayKeyFormat, dayLabelFormat;
export function setupFormats() {
  const lang = state.lang;
  const zone = state.tz ? { timeZone: state.tz } : {};
  try {
    timeFormat = new Intl.DateTimeFormat(lang, Object.assign({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" }, zone));
    dayKeyFormat = new Intl.DateTimeFormat("en-CA", Object.assign({ year: "numeric", month: "2-digit", day: "2-digit" }, zone));
    dayLabelFormat = new Intl.DateTimeFormat(lang, Object.assign({ weekday: "long", day: "numeric", month: "long" }, zone));
  } catch (e) {
    state.tz = null;
    timeFormat = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    dayKeyFormat = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit" });
    dayLabelFormat = new Intl.DateTimeFormat(lang, { weekday: "long", day: "numeric", month: "long" });
  }
}
export function timeOf(iso) { return timeFormat.format(new Date(iso)); }
export function dayOf(iso) { return dayKeyFormat.format(new Date(iso)); }
export function dayLabel(key) {
  const today = dayKeyFormat.format(new Date());
  const yesterday = dayKeyFormat.format(new Date(Date.now() - 86400000));
  if (key === today) { return state.S.today; }
  if (key === yesterday) { return state.S.yesterday; }
  return dayLabelFormat.format(new Date(key + "T12:00:00"));
}

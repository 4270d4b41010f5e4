/* The chat's one mutable state, shared by every module: set once by main.js when the
   page starts (who is signed in, the page's strings and time zone), and ``room`` while
   a room is open. Each module keeps its own private bookkeeping; what two of them must
   see alike lives here, so that nothing hides in globals. */

export const state = {
  app: null, // the #chat element and its data-* settings
  S: null, // the page's translated strings (#chat-strings dataset)
  me: 0, // the signed-in person's id
  meName: "",
  tz: null, // their time zone, null when the browser does not know it
  lang: undefined, // the page's language, for numbers and dates
  room: null, // the open room's Room (room.js), when a room is open
};

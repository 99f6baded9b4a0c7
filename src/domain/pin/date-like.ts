/**
 * Birthdays, anniversaries and years are the first things a guesser tries, so a PIN that reads as a
 * date in any common order is refused. Only 4, 6 and 8 digits can spell a date; 5 and 7 cannot.
 */
function isMonth(s: string): boolean {
  const m = Number(s);
  return s.length === 2 && m >= 1 && m <= 12;
}

function isDay(s: string): boolean {
  const d = Number(s);
  return s.length === 2 && d >= 1 && d <= 31;
}

/** 1900–2099: birth years and recent/near years. */
function isYear4(s: string): boolean {
  return /^(19|20)\d\d$/.test(s);
}

function isMonthDay(mm: string, dd: string): boolean {
  return isMonth(mm) && isDay(dd);
}

export function looksLikeDate(pin: string): boolean {
  const p = (a: number, b: number) => pin.slice(a, b);
  switch (pin.length) {
    case 4:
      return isYear4(pin) || isMonthDay(p(0, 2), p(2, 4)) || isMonthDay(p(2, 4), p(0, 2));
    case 6:
      return (
        isMonthDay(p(0, 2), p(2, 4)) || // MMDDYY
        isMonthDay(p(2, 4), p(0, 2)) || // DDMMYY
        isMonthDay(p(2, 4), p(4, 6)) || // YYMMDD
        (isMonth(p(0, 2)) && isYear4(p(2, 6))) || // MMYYYY
        (isYear4(p(0, 4)) && isMonth(p(4, 6))) // YYYYMM
      );
    case 8:
      return (
        (isMonthDay(p(0, 2), p(2, 4)) && isYear4(p(4, 8))) || // MMDDYYYY
        (isMonthDay(p(2, 4), p(0, 2)) && isYear4(p(4, 8))) || // DDMMYYYY
        (isYear4(p(0, 4)) && isMonthDay(p(4, 6), p(6, 8))) // YYYYMMDD
      );
    default:
      return false;
  }
}

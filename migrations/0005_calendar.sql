-- 0005_calendar.sql - the working-day calendar (src/calendar/calendar.h): the days that differ
-- from the Monday-Friday week, and the years whose arrangement has been entered.
--
-- A day is a working day when it is listed here as 'workday' (an adjusted working Saturday or
-- Sunday, 调休上班), or when it is a Monday to Friday not listed here as 'holiday'. A year not in
-- calendar_year is assumed to be Monday to Friday only, and answers that reach into it are
-- provisional.
--
-- The seed below is the State Council General Office's arrangements for 2025 and 2026, entered
-- by hand from the notices. Check it against the notice itself before relying on it; correct it,
-- and enter later years, with `jiceng calendar set|clear|year` (audited), never by editing this
-- file.

CREATE TABLE calendar_day (
  day    TEXT PRIMARY KEY,          -- 'YYYY-MM-DD'
  kind   TEXT NOT NULL,             -- 'holiday' | 'workday'
  name   TEXT NOT NULL,             -- the festival: '春节', '国庆节', ...
  source TEXT NOT NULL DEFAULT '',  -- where it comes from: the notice and its clause
  CHECK (date(julianday(day)) IS day),  -- a real day, written exactly so
  CHECK (kind IN ('holiday', 'workday')),
  CHECK (kind = 'holiday' OR strftime('%w', day) IN ('0', '6'))
) STRICT;

CREATE TABLE calendar_year (
  year          INTEGER PRIMARY KEY,
  source        TEXT NOT NULL,      -- the notice the year's days follow
  configured_at TEXT NOT NULL       -- UTC, ISO 8601 "YYYY-MM-DDTHH:MM:SSZ"
) STRICT;

-- Each period as the notice states it (first and last day, both included), expanded to days.
INSERT INTO calendar_day (day, kind, name, source)
WITH RECURSIVE
period(first, last, kind, name, source) AS (VALUES
  ('2025-01-01', '2025-01-01', 'holiday', '元旦', '国务院办公厅关于2025年部分节假日安排的通知 一、元旦'),
  ('2025-01-28', '2025-02-04', 'holiday', '春节', '国务院办公厅关于2025年部分节假日安排的通知 二、春节'),
  ('2025-01-26', '2025-01-26', 'workday', '春节', '国务院办公厅关于2025年部分节假日安排的通知 二、春节'),
  ('2025-02-08', '2025-02-08', 'workday', '春节', '国务院办公厅关于2025年部分节假日安排的通知 二、春节'),
  ('2025-04-04', '2025-04-06', 'holiday', '清明节', '国务院办公厅关于2025年部分节假日安排的通知 三、清明节'),
  ('2025-05-01', '2025-05-05', 'holiday', '劳动节', '国务院办公厅关于2025年部分节假日安排的通知 四、劳动节'),
  ('2025-04-27', '2025-04-27', 'workday', '劳动节', '国务院办公厅关于2025年部分节假日安排的通知 四、劳动节'),
  ('2025-05-31', '2025-06-02', 'holiday', '端午节', '国务院办公厅关于2025年部分节假日安排的通知 五、端午节'),
  ('2025-10-01', '2025-10-08', 'holiday', '国庆节、中秋节', '国务院办公厅关于2025年部分节假日安排的通知 六、国庆节、中秋节'),
  ('2025-09-28', '2025-09-28', 'workday', '国庆节、中秋节', '国务院办公厅关于2025年部分节假日安排的通知 六、国庆节、中秋节'),
  ('2025-10-11', '2025-10-11', 'workday', '国庆节、中秋节', '国务院办公厅关于2025年部分节假日安排的通知 六、国庆节、中秋节'),

  ('2026-01-01', '2026-01-03', 'holiday', '元旦', '国务院办公厅关于2026年部分节假日安排的通知 一、元旦'),
  ('2026-01-04', '2026-01-04', 'workday', '元旦', '国务院办公厅关于2026年部分节假日安排的通知 一、元旦'),
  ('2026-02-15', '2026-02-23', 'holiday', '春节', '国务院办公厅关于2026年部分节假日安排的通知 二、春节'),
  ('2026-02-14', '2026-02-14', 'workday', '春节', '国务院办公厅关于2026年部分节假日安排的通知 二、春节'),
  ('2026-02-28', '2026-02-28', 'workday', '春节', '国务院办公厅关于2026年部分节假日安排的通知 二、春节'),
  ('2026-04-04', '2026-04-06', 'holiday', '清明节', '国务院办公厅关于2026年部分节假日安排的通知 三、清明节'),
  ('2026-05-01', '2026-05-05', 'holiday', '劳动节', '国务院办公厅关于2026年部分节假日安排的通知 四、劳动节'),
  ('2026-05-09', '2026-05-09', 'workday', '劳动节', '国务院办公厅关于2026年部分节假日安排的通知 四、劳动节'),
  ('2026-06-19', '2026-06-21', 'holiday', '端午节', '国务院办公厅关于2026年部分节假日安排的通知 五、端午节'),
  ('2026-09-25', '2026-09-27', 'holiday', '中秋节', '国务院办公厅关于2026年部分节假日安排的通知 六、中秋节'),
  ('2026-10-01', '2026-10-07', 'holiday', '国庆节', '国务院办公厅关于2026年部分节假日安排的通知 七、国庆节'),
  ('2026-09-20', '2026-09-20', 'workday', '国庆节', '国务院办公厅关于2026年部分节假日安排的通知 七、国庆节'),
  ('2026-10-10', '2026-10-10', 'workday', '国庆节', '国务院办公厅关于2026年部分节假日安排的通知 七、国庆节')
),
days(day, last, kind, name, source) AS (
  SELECT first, last, kind, name, source FROM period
  UNION ALL
  SELECT date(day, '+1 day'), last, kind, name, source FROM days WHERE day < last
)
SELECT day, kind, name, source FROM days ORDER BY day;

INSERT INTO calendar_year (year, source, configured_at) VALUES
  (2025, '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024年11月12日）',
   strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  (2026, '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）',
   strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));

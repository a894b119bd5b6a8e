"""Stage: the writing contest ("Gương người tốt quanh ta", plan section V.6).

Takes content/contests/<slug>/ (contest.md, entries/<code>.md with their files, vong-<n>.yml)
with the taxonomies and the profiles' slugs. Gives:

- load: validated `Contest` records (model), every problem with its file and line;
- intake_sheet, intake: the secretariat's entry workbook and its import (`contest template`,
  `contest import`), on the nominations' table, attachment and Word readers;
- recordings: a radio, TV or video entry through the films' media stage (media/video.py), at
  intake and for the jurors;
- workbook, jury_pack: each juror's scoring workbook and anonymised entries (`contest jury-pack`);
- scores, ranking: the round's result from the jurors' workbooks (`contest scores`);
- public: what the site and the press may show of a contest on a given day, and the photos and
  recordings of the winners whose authors consented, for the media stage to publish (WinnerMedia);
- nominate: draft profiles of the exemplars the contest found (`contest nominate`).

Nothing here renders a page: site/contests.py and press/contest_data.py publish `public`.
"""

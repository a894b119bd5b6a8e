"""Stage: putting a built site on a web server, atomically (`site-builder deploy`).

Takes the output folder of a build that ended well (pipeline/finished.py) and a target: a folder
on a server reached over SSH (`user@host:/srv/trang`), or a folder on this machine. Gives a new
release on the target, switched live in one rename:

    /srv/trang/releases/20261204-170102-123456/   one folder per deploy, each a whole site
    /srv/trang/current -> releases/20261204-...    what the web server serves (its `root`)

- rsync sends the site into a hidden `releases/.partial-…` folder, hard-linking every file that
  did not change from the release live now (`--link-dest`): a deploy of one edited profile sends
  a few files, and a release costs the disk only what changed;
- every file is 0644 and every folder 0755 on the server (`--chmod`), whatever the source;
- once rsync ends well the folder takes its release name and `current` is switched by renaming a
  new symlink over it: a reader gets the old site or the new one, never a mix. A deploy killed
  at any moment leaves `current` on the old release; the next deploy clears what it left;
- the last N releases are kept (`--keep`); `--rollback` switches `current` back to the release
  before it and sets aside the one it leaves (`releases/.rolled-back-…`, removed by the next
  deploy), so that a later rollback goes to the release live before, never back to the one
  rolled back from; a release named after the live one (a deploy killed before its switch) was
  never live, and the next deploy removes it too.

The server needs only rsync, a POSIX shell and GNU coreutils (`mv -T`): what Debian has.
Where to deploy and with which SSH key come from the command line or the environment
(SITE_BUILDER_DEPLOY_*), never from content/, which is public.
"""

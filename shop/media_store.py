"""Where uploaded files are kept (MEDIA_STORE): files under instance/ (`local`, one host) or rows of the
`media_file` table (`database`), which every host of a shop sharing one database reads alike.

A file is named by its path under instance/ ("media/products/ab12.jpg", "private/certificates/cd34.pdf").
A local file is written at once and deleted again if the request is refused; a database row is part of the
request's transaction, so a refusal's rollback drops it and a committed change removes the rows it replaced.
"""
import mimetypes
import os
import tempfile
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path

from flask import abort, current_app, g, send_file, send_from_directory
from sqlalchemy import delete, func, select

from shop.extensions import db


class MediaFile(db.Model):
    """One uploaded file's bytes (a photo, its narrower copy, a private document or a staged list)."""

    name = db.Column(db.String(200), primary_key=True)  # its path under instance/ in the local store
    content_type = db.Column(db.String(100), nullable=False)
    data = db.Column(db.LargeBinary, nullable=False)
    size = db.Column(db.Integer, nullable=False)
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, server_default=func.now())


def _content_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


class LocalStore:
    """Files under the instance folder: what one host needs, and what the shop always did."""

    def _path(self, name: str) -> str:
        return os.path.join(current_app.instance_path, name)

    def save(self, name: str, data: bytes) -> None:
        """Write the file now; it is deleted again if the request is refused."""
        target = self._path(name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as out:
            out.write(data)
        g.setdefault("saved_uploads", []).append(target)

    def retire(self, name: str) -> None:
        """Delete the file once the change replacing it is committed."""
        g.setdefault("replaced_uploads", []).append(self._path(name))

    def refused(self) -> None:
        """Delete the files this request saved (the old ones stay)."""
        _remove(g.pop("saved_uploads", []))
        g.pop("replaced_uploads", None)

    def committed(self) -> None:
        """Keep the files this request saved and delete those they replaced."""
        g.pop("saved_uploads", None)
        _remove(g.pop("replaced_uploads", []))

    def exists(self, name: str) -> bool:
        """Whether the file is kept."""
        return os.path.isfile(self._path(name))

    def read(self, name: str) -> bytes | None:
        """The file's bytes, or None if it is gone."""
        try:
            return Path(self._path(name)).read_bytes()
        except FileNotFoundError:
            return None

    @contextmanager
    def as_path(self, name: str):
        """A path to read the file at (for readers that need one)."""
        yield Path(self._path(name))

    def send(self, folder: str, name: str, max_age: int, as_attachment: bool = False):
        """The file `name` inside `folder` as a response; a path leaving the folder (../) or unknown is a 404."""
        return send_from_directory(self._path(folder), name, max_age=max_age, as_attachment=as_attachment)


def _remove(paths) -> None:
    """Delete these files, those already gone included."""
    for path in paths:
        if os.path.exists(path):
            os.remove(path)


class DatabaseStore:
    """Rows of `media_file`, written and removed in the request's transaction: shared by every host."""

    def save(self, name: str, data: bytes) -> None:
        """Add the file's row; the refused request's rollback drops it."""
        db.session.add(MediaFile(name=name, content_type=_content_type(name), data=data, size=len(data)))
        db.session.flush()

    def retire(self, name: str) -> None:
        """Remove the file's row with the change replacing it (kept if that change is refused)."""
        db.session.execute(delete(MediaFile).where(MediaFile.name == name))

    def refused(self) -> None:
        """Nothing to do: the rollback dropped this request's rows."""

    def committed(self) -> None:
        """Nothing to do: the commit removed the replaced rows."""

    def exists(self, name: str) -> bool:
        """Whether the file is kept."""
        return db.session.scalar(select(MediaFile.name).where(MediaFile.name == name)) is not None

    def read(self, name: str) -> bytes | None:
        """The file's bytes, or None if it is gone."""
        return db.session.scalar(select(MediaFile.data).where(MediaFile.name == name))

    @contextmanager
    def as_path(self, name: str):
        """A temporary copy of the file, under the same base name, to read at a path."""
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder, os.path.basename(name))
            path.write_bytes(self.read(name) or b"")
            yield path

    def send(self, folder: str, name: str, max_age: int, as_attachment: bool = False):
        """The row `folder/name` as a response with the headers a file would have; unknown is a 404.

        Names are looked up exactly, so a `../` leads to no row (404) rather than out of the folder.
        """
        kept = db.session.get(MediaFile, f"{folder}/{name}")
        if kept is None:
            abort(404)
        return send_file(BytesIO(kept.data), mimetype=kept.content_type, as_attachment=as_attachment,
                         download_name=os.path.basename(name), max_age=max_age, last_modified=kept.created_at,
                         etag=f"{kept.size}-{kept.created_at.timestamp():.0f}-{os.path.basename(name)}")


def store():
    """The store MEDIA_STORE names."""
    return DatabaseStore() if current_app.config["MEDIA_STORE"] == "database" else LocalStore()

"""The Flask application: the guard every request passes, the shared page helpers, the views."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, g, redirect, render_template, request, url_for

from .. import __version__
from ..errors import VanbanError
from . import security
from .common import refuse, shown_date
from .site import Site
from .views import register

MAX_UPLOAD = 20 * 1024 * 1024  # bytes in one request: a template, a workbook, a document and its PDF
# what a folder that is not yet a working folder still has: the start, a new office, the checker
OUTSIDE_OFFICE = ("nam.home", "khoi_tao.new_office", "kiem_tra.checker", "static")


def create_app(site: Site) -> Flask:
    app = Flask(__name__, static_folder="static", static_url_path="/tinh", template_folder="templates")
    app.config.update(MAX_CONTENT_LENGTH=MAX_UPLOAD, SECRET_KEY=site.keys.secret, SESSION_COOKIE_NAME="vanban_tin",
                      SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Strict", TEMPLATES_AUTO_RELOAD=False,
                      MAX_FORM_MEMORY_SIZE=MAX_UPLOAD, MAX_FORM_PARTS=20_000)
    app.extensions["vanban"] = site
    app.jinja_env.autoescape = True
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters["pairs"] = lambda items: [(x, x) for x in items]
    app.jinja_env.filters["ngay"] = shown_date

    @app.before_request
    def guard():
        port = site.port or request.environ.get("SERVER_PORT")
        if not security.host_ok(request.host, int(port or 0)):
            return refuse("Địa chỉ không đúng: trang của vanban chỉ mở tại 127.0.0.1 trên máy này.", 403)
        if request.method not in ("GET", "HEAD", "POST"):
            return refuse("Yêu cầu không được phép.", 405)
        given = request.args.get(security.KEY_PARAM)
        if given is not None:
            if not site.keys.key_ok(given):
                return refuse("Khóa trong địa chỉ không đúng. Mở đúng địa chỉ vanban in ra khi chạy «vanban giao-dien».",
                              403)
            args = {k: v for k, v in request.args.items(multi=True) if k != security.KEY_PARAM}
            target = request.path + (f"?{urlencode(args)}" if args else "")
            response = redirect(target)
            response.set_cookie(security.COOKIE, site.keys.session, httponly=True, samesite="Strict", path="/")
            return response
        if not site.keys.session_ok(request.cookies.get(security.COOKIE)):
            return refuse("Chưa mở phiên làm việc: mở đúng địa chỉ (có «?khoa=…») mà lệnh «vanban giao-dien» in ra "
                          "trong cửa sổ lệnh.", 403)
        if request.method == "POST":
            if not security.origin_ok(request.headers.get("Origin"), request.headers.get("Referer"), int(port or 0)):
                return refuse("Yêu cầu đến từ một trang khác, không phải trang của vanban: không làm gì.", 403)
            if not site.keys.csrf_ok(request.form.get(security.CSRF_FIELD)):
                return refuse("Biểu mẫu đã cũ hoặc thiếu mã xác nhận: tải lại trang rồi làm lại.", 403)
        g.site = site
        if request.endpoint not in OUTSIDE_OFFICE and not (site.project.data / "don-vi.yaml").is_file():
            return redirect(url_for("nam.home"))

    @app.after_request
    def headers(response):
        for name, value in security.HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.errorhandler(413)
    def too_big(_):
        return refuse(f"Tệp gửi lên quá lớn (tối đa {MAX_UPLOAD // (1024 * 1024)} MB). Không có gì được ghi.", 413)

    @app.errorhandler(VanbanError)
    def data_problem(exc):  # what the Office refused and no page caught: its findings, as the CLI prints them
        return render_template("loi-du-lieu.html", problems=list(exc.findings)), 409

    @app.errorhandler(404)
    def not_found(_):
        return refuse("Không có trang hoặc tệp này.", 404)

    @app.errorhandler(500)
    def broken(_):
        return refuse("Lỗi không mong đợi trong vanban (không phải lỗi dữ liệu): trang này chưa làm được. Xem cửa sổ "
                      "lệnh đang chạy «vanban giao-dien» để biết chi tiết và gửi cho người phụ trách vanban.", 500)

    @app.errorhandler(405)
    def not_allowed(_):
        return refuse("Yêu cầu không được phép ở địa chỉ này.", 405)

    @app.context_processor
    def shared():
        return {"csrf": site.keys.csrf(), "csrf_field": security.CSRF_FIELD, "version": __version__,
                "site": site, "years": _years(site), "working": (site.project.data / "don-vi.yaml").is_file()}

    register(app)
    return app


def _years(site: Site) -> list[int]:
    with site.lock:
        try:
            return site.office.years()
        except Exception:  # noqa: BLE001 - a folder that is not a working folder shows no year
            return []

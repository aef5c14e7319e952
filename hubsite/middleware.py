from django.conf import settings


def _render(policy: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(values)}" for name, values in policy.items())


class ContentSecurityPolicyMiddleware:
    """Sends the Content Security Policy: strict on public pages, looser in Wagtail's admin."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.public = _render(settings.CSP_POLICY)
        self.admin = _render(settings.CSP_ADMIN_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            is_admin = request.path.startswith(("/admin/", "/django-admin/"))
            response["Content-Security-Policy"] = self.admin if is_admin else self.public
        response.setdefault("Permissions-Policy", "geolocation=(self), camera=(), microphone=()")
        return response

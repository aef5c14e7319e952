from django.conf import settings


def portal(request):
    """Values every public template needs: the site name and the map tile provider."""
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "MAP_TILES_URL": settings.MAP_TILES_URL,
        "MAP_TILES_ATTRIBUTION": settings.MAP_TILES_ATTRIBUTION,
    }

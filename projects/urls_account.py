"""Public URLs of a mediator's account, under /espace/ (French, as every public page)."""

from django.urls import path

from projects import views_account, views_space

app_name = "projects_account"

urlpatterns = [
    path("inscription/", views_account.sign_up, name="sign_up"),
    path("inscription/envoyee/", views_account.sign_up_sent, name="sign_up_sent"),
    path("inscription/nouveau-lien/", views_account.resend, name="resend"),
    path("verification/<str:token>/", views_account.verify, name="verify"),
    path("invitation/<str:token>/", views_space.invitation, name="invitation"),
    path("organisation/", views_space.home, name="home"),
    path("organisation/nouvelle/", views_space.create_identity, name="create_identity"),
    path("organisation/nouvelle/adresse/", views_space.create_place, name="create_place"),
    path("organisation/<int:pk>/", views_space.organisation, name="organisation"),
    path("organisation/<int:pk>/rejoindre/", views_space.ask_to_join, name="ask_to_join"),
    path("organisation/<int:pk>/inviter/", views_space.invite, name="invite"),
    path("organisation/<int:pk>/quitter/", views_space.leave, name="leave"),
    path(
        "organisation/<int:pk>/invitations/<int:invitation_pk>/annuler/",
        views_space.revoke_invitation,
        name="revoke_invitation",
    ),
    path(
        "organisation/<int:pk>/membres/<int:membership_pk>/retirer/",
        views_space.remove_member,
        name="remove_member",
    ),
    path(
        "organisation/<int:pk>/demandes/<int:request_pk>/<str:decision>/",
        views_space.decide_request,
        name="decide_request",
    ),
]

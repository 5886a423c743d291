"""Journal pages. Every view is private (never cached) and hides what was typed from error reports."""

import json
import uuid
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from journals import selectors, services
from journals.content_types import PROMPT_MAX_LENGTH, EntryContent
from journals.crypto import DecryptionError
from journals.exporting import journal_export_data, journal_export_zip
from journals.forms import DraftForm, EntryForm, ImportForm, SearchForm
from journals.importing import parse_journal_file
from journals.markdown import render_markdown
from journals.models import Entry
from journals.prompts import prompt_group, prompt_groups, random_prompt
from zenora.crisis import classify, crisis_resources

PAGE_SIZE = 20
SAVED_DRAFT_SESSION_KEY = "journal_saved_draft"


def private(view):
    """Signed in, never cached by anyone, POST data and locals kept out of error reports."""

    @login_required
    @never_cache
    @sensitive_post_parameters()
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except DecryptionError:
            # Tampered, moved or shredded ciphertext: say so plainly, never show garbage.
            return render(request, "journals/entry_unreadable.html", status=500)

    return wrapper


# --- list, search, timeline, print ---------------------------------------------------------


def _filtered_views(request: HttpRequest, form: SearchForm) -> list:
    data = form.cleaned_data
    return selectors.search_entries(
        request.user,
        words=data["q"],
        tag=data["tag"],
        mood=data["mood"],
        date_from=data["date_from"],
        date_to=data["date_to"],
    )


@private
@require_GET
@sensitive_variables()
def entry_list(request: HttpRequest) -> HttpResponse:
    """The journal's list and its search share one page: a search decrypts on the server for
    this person only, and a search that can't run says why and shows the plain list."""
    form = SearchForm(request.GET or None)
    filtering = form.is_filtering()
    status = 200
    if filtering and form.is_valid():
        page = Paginator(_filtered_views(request, form), PAGE_SIZE).get_page(request.GET.get("page"))
        entries = page.object_list
    else:
        if filtering:
            status = 422
        page = Paginator(selectors.entries_of(request.user).order_by("-created_at"), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        entries = selectors.read_entries(request.user, page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "filtering": filtering,
        "page": page,
        "entries": entries,
        "query": query.urlencode(),
        "drafts": [] if filtering else selectors.drafts_of(request.user, limit=5),
    }
    return render(request, "journals/entry_list.html", context, status=status)


@private
@require_GET
def entry_timeline(request: HttpRequest) -> HttpResponse:
    months = selectors.entry_months(request.user)
    largest = max((m["count"] for m in months), default=0)
    for month in months:
        # A bar length in tenths, so the CSS draws it without inline styles.
        month["bar"] = max(1, round(10 * month["count"] / largest)) if largest else 0
        month["last_day"] = _month_end(month["month"])
    return render(request, "journals/entry_timeline.html", {"months": months})


def _month_end(first_day):
    next_month = (first_day.replace(day=28) + timezone.timedelta(days=4)).replace(day=1)
    return next_month - timezone.timedelta(days=1)


@private
@require_GET
@sensitive_variables()
def entry_print(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    if form.is_filtering() and form.is_valid():
        entries = list(reversed(_filtered_views(request, form)))
    else:
        entries = selectors.read_all_entries(request.user)
    for view in entries:
        view.html = render_markdown(view.content.body) if view.readable else ""
    return render(request, "journals/entry_print.html", {"entries": entries, "form": form})


# --- one entry -----------------------------------------------------------------------------


@private
@require_GET
@sensitive_variables()
def entry_detail(request: HttpRequest, entry_id: uuid.UUID) -> HttpResponse:
    entry = selectors.get_entry(request.user, entry_id)
    view = selectors.read_entry(request.user, entry)
    context = {
        "entry": view,
        "html": render_markdown(view.content.body),
        "crisis": crisis_resources() if classify(view.title, view.content.body).is_personal else None,
        "clear_draft": request.session.pop(SAVED_DRAFT_SESSION_KEY, ""),
    }
    return render(request, "journals/entry_detail.html", context)


def _form_context(form: EntryForm, *, entry: Entry | None = None, **extra) -> dict:
    values = form.data if form.is_bound else form.initial
    needs_help = classify(str(values.get("title") or ""), str(values.get("body") or "")).is_personal
    return {
        "form": form,
        "entry": entry,
        "crisis": crisis_resources(),
        "crisis_hidden": not needs_help,
        "prompt_text": form["prompt"].value() or "",
        **extra,
    }


@private
@require_http_methods(["GET", "POST"])
@sensitive_variables()
def entry_create(request: HttpRequest) -> HttpResponse:
    """A new entry, or the draft it resumes: opening a saved draft shows its text in the editor
    at once, and a failed save keeps everything typed."""
    if request.method == "POST":
        form = EntryForm(request.POST)
        if not form.is_valid():
            return render(request, "journals/entry_form.html", _form_context(form), status=422)
        try:
            entry = services.entry_create(
                user=request.user, content=form.content(), draft_id=form.cleaned_data["draft_id"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return render(request, "journals/entry_form.html", _form_context(form), status=422)
        return _saved(request, entry, form)
    initial = {"draft_id": uuid.uuid4(), "prompt": request.GET.get("prompt", "").strip()[:PROMPT_MAX_LENGTH]}
    draft = _requested_draft(request)
    if draft is not None and draft.entry_id is None:
        initial.update(_content_initial(draft.content), draft_id=draft.id)
    form = EntryForm(initial=initial)
    context = _form_context(
        form, drafts=selectors.drafts_of(request.user, limit=5), restored=draft is not None
    )
    return render(request, "journals/entry_form.html", context)


def _requested_draft(request: HttpRequest) -> "selectors.DraftView | None":
    try:
        draft_id = uuid.UUID(request.GET.get("draft", ""))
    except ValueError:
        return None
    return selectors.get_draft(request.user, draft_id)


def _content_initial(content: EntryContent) -> dict:
    return {
        "title": content.title,
        "body": content.body,
        "tags": ", ".join(content.tags),
        "mood": content.mood,
        "prompt": content.prompt,
    }


def _saved(request: HttpRequest, entry: Entry, form: EntryForm) -> HttpResponse:
    # The next page tells the browser to forget its local copy of this draft: it is safe now.
    request.session[SAVED_DRAFT_SESSION_KEY] = str(form.cleaned_data["draft_id"] or "")
    messages.success(request, "Saved to your journal.")
    return redirect("journals:entry_detail", entry_id=entry.pk)


@private
@require_http_methods(["GET", "POST"])
@sensitive_variables()
def entry_edit(request: HttpRequest, entry_id: uuid.UUID) -> HttpResponse:
    """Saving names the version it was based on, so an edit made elsewhere meanwhile is shown
    beside this one instead of being overwritten."""
    entry = selectors.get_entry(request.user, entry_id)
    if request.method == "POST":
        form = EntryForm(request.POST)
        if not form.is_valid() or form.cleaned_data["base_version"] is None:
            if form.is_valid():
                form.add_error(None, "This form is missing its version; reload the page and try again.")
            return render(request, "journals/entry_form.html", _form_context(form, entry=entry), status=422)
        try:
            entry = services.entry_update(
                user=request.user,
                entry_id=entry.pk,
                base_version=form.cleaned_data["base_version"],
                content=form.content(),
                draft_id=form.cleaned_data["draft_id"],
            )
        except services.EntryConflict as conflict:
            return _conflict(request, form, conflict.entry)
        return _saved(request, entry, form)
    view = selectors.read_entry(request.user, entry)
    initial = {"draft_id": uuid.uuid4(), "base_version": entry.version, **_content_initial(view.content)}
    draft = _requested_draft(request)
    if draft is not None and draft.entry_id == entry.pk:
        initial.update(_content_initial(draft.content), draft_id=draft.id, base_version=draft.base_version)
    return render(request, "journals/entry_form.html", _form_context(EntryForm(initial=initial), entry=entry))


def _conflict(request: HttpRequest, form: EntryForm, entry: Entry) -> HttpResponse:
    """Both versions side by side; saving again now deliberately replaces the other one."""
    other = selectors.read_entry(request.user, entry)
    data = request.POST.copy()
    data["base_version"] = str(entry.version)
    rebound = EntryForm(data)
    rebound.is_valid()
    context = _form_context(
        rebound, entry=entry, conflict=other, conflict_html=render_markdown(other.content.body)
    )
    return render(request, "journals/entry_form.html", context, status=409)


@private
@require_http_methods(["GET", "POST"])
def entry_delete(request: HttpRequest, entry_id: uuid.UUID) -> HttpResponse:
    entry = selectors.get_entry(request.user, entry_id)
    if request.method == "POST":
        services.entry_delete(user=request.user, entry_id=entry.pk)
        messages.success(request, "The entry was deleted.")
        return redirect("journals:entry_list")
    view = selectors.read_entry(request.user, entry)
    return render(request, "journals/entry_delete.html", {"entry": view})


# --- autosave ------------------------------------------------------------------------------


@private
@require_POST
@sensitive_variables()
def draft_save(request: HttpRequest) -> JsonResponse:
    """The autosave endpoint: JSON only, answering whether it saved, when, and whether the
    entry moved on elsewhere (or holds crisis language) — never the text itself."""
    form = DraftForm(request.POST)
    if not form.is_valid():
        errors = {name: [str(m) for m in msgs] for name, msgs in form.errors.items()}
        return JsonResponse({"saved": False, "errors": errors}, status=422)
    data = form.cleaned_data
    try:
        saved = services.draft_save(
            user=request.user,
            draft_id=data["draft_id"],
            content=form.content(),
            entry_id=data["entry_id"],
            base_version=data["base_version"],
        )
    except ValidationError as error:
        return JsonResponse({"saved": False, "errors": {"__all__": error.messages}}, status=422)
    saved_at = timezone.localtime(saved.draft.updated_at)
    return JsonResponse(
        {
            "saved": True,
            "draft_id": str(saved.draft.pk),
            "saved_at": saved_at.isoformat(),
            "saved_at_display": saved_at.strftime("%H:%M:%S"),
            "conflict": saved.conflict,
            "crisis": saved.crisis,
        }
    )


@private
@require_POST
def draft_discard(request: HttpRequest, draft_id: uuid.UUID) -> HttpResponse:
    services.draft_discard(user=request.user, draft_id=draft_id)
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    messages.info(request, "The draft was discarded.")
    return redirect("journals:entry_list")


# --- prompts -------------------------------------------------------------------------------


@private
@require_GET
def prompt_list(request: HttpRequest) -> HttpResponse:
    return render(request, "journals/prompt_list.html", {"groups": prompt_groups()})


@private
@require_GET
def prompt_random(request: HttpRequest) -> HttpResponse:
    group = prompt_group(request.GET.get("group", ""))
    prompt = random_prompt(group.slug if group else "", exclude=request.GET.get("exclude", ""))
    context = {"prompt": prompt, "group": group, "groups": prompt_groups()}
    template = "journals/prompt_random.html#prompt-card" if request.htmx else "journals/prompt_random.html"
    return render(request, template, context)


# --- export and import ---------------------------------------------------------------------


@private
@require_GET
def journal_transfer(request: HttpRequest) -> HttpResponse:
    return render(request, "journals/journal_transfer.html", {"form": ImportForm()})


def _download(payload: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(payload, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@private
@require_POST
@sensitive_variables()
def journal_export_zip_view(request: HttpRequest) -> HttpResponse:
    filename = f"zenora-journal-{timezone.localdate():%Y-%m-%d}.zip"
    return _download(journal_export_zip(request.user), filename=filename, content_type="application/zip")


@private
@require_POST
@sensitive_variables()
def journal_export_json_view(request: HttpRequest) -> HttpResponse:
    payload = json.dumps(journal_export_data(request.user), ensure_ascii=False, indent=2).encode()
    filename = f"zenora-journal-{timezone.localdate():%Y-%m-%d}.json"
    return _download(payload, filename=filename, content_type="application/json; charset=utf-8")


@private
@require_POST
@sensitive_variables()
def journal_import_view(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "journals/journal_transfer.html", {"form": form}, status=422)
    upload = form.cleaned_data["file"]
    try:
        if upload.size > services.IMPORT_MAX_BYTES:
            raise services.ImportFileError(
                f"The file is larger than {services.IMPORT_MAX_BYTES // (1024 * 1024)} MB."
            )
        candidates, rejected = parse_journal_file(upload.read(), zone=selectors.user_zone(request.user))
    except services.ImportFileError as error:
        form.add_error("file", str(error))
        return render(request, "journals/journal_transfer.html", {"form": form}, status=422)
    report = services.journal_import(user=request.user, candidates=candidates, rejected=rejected)
    status = 200 if report.imported or report.duplicates else 422
    return render(
        request, "journals/journal_transfer.html", {"form": ImportForm(), "report": report}, status=status
    )

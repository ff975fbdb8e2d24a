"""Migration 0030 brings an existing database the structured-message tables; the tasks it already
has count as announced (no e-mail goes out for them)."""

from db import schema
from db.base import database
from db.dossiers import TaskKind
from db.messages import MessageRecord, ReceivedMessage
from db.routing import TaskNotice
from db.schema import SchemaMigration
from domain.tasks import open_task
from tests.channel_data import message, post_message, registered_operator, request_record
from tests.factories import make_account
from tests.stts_data import active_dossier, person

NAME = "0030_structured_messages"
NEW_TABLES = [MessageRecord, ReceivedMessage, TaskNotice]


def test_an_existing_database_gets_the_new_tables_and_keeps_its_tasks_quiet(app, client):
    operator, _ = registered_operator()
    task, _ = open_task(active_dossier(operator, make_account(operator, stts_profile="stts3",
                                                              applications=["stts"])), TaskKind.CLOSE_DOSSIER)
    database.drop_tables(NEW_TABLES)
    SchemaMigration.delete().where(SchemaMigration.name == NAME).execute()

    assert schema.migrate(database) == (False, [NAME])

    assert all(model.table_exists() for model in NEW_TABLES)
    assert [(n.task_id, n.destination) for n in TaskNotice.select()] == [(task.id, "task_list")]
    indexes = {index.name for index in database.get_indexes("received_message")}
    assert "received_message_enterprise_id_message_id" in indexes
    # and the channel works on it
    response = post_message(client, message(operator, [request_record(1, person())]))
    assert response.status_code == 200
    assert ReceivedMessage.get().acknowledgement_bytes() == response.data


def test_generate_messages_writes_a_valid_message_and_fills_the_register(app, tmp_path):
    from lxml import etree

    from db.eligibility import RegisterEntry
    from domain.message_format import schema as xsd

    path = tmp_path / "three.xml"
    result = app.test_cli_runner().invoke(args=["exchange", "generate-messages", "3", str(path),
                                                "--load-register"])
    assert result.exit_code == 0, result.output
    xsd().assertValid(etree.parse(str(path)))
    assert RegisterEntry.select().count() == 3

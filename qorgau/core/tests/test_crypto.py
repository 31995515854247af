"""Envelope encryption: what opens, what refuses to open, and which names count as one."""

from __future__ import annotations

import base64
import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from qorgau.core.crypto import (
    KDF_COSTS,
    DecryptionFailed,
    blind_index,
    decrypt_stream,
    encrypt_stream,
    escrow_public_key,
    name_variants,
    new_data_key,
    new_key_pair,
    normalise_receipt_code,
    receipt_keys,
    receipt_lookup_hash,
    seal,
    seal_text,
    server_seal,
    server_unseal,
    unseal,
    unseal_text,
    unwrap_for_receipt,
    unwrap_with,
    unwrap_with_secret,
    wrap_for,
    wrap_for_receipt,
    wrap_with_secret,
)


def flip(token: bytes, at: int) -> bytes:
    return token[:at] + bytes([token[at] ^ 1]) + token[at + 1 :]


# --- seal / unseal


def test_sealed_text_opens_with_its_key_and_is_not_readable_in_the_token() -> None:
    key = new_data_key()
    token = seal_text(key, "Сотқа шақыру қағазы келді", aad=b"request:1")
    assert "шақыру".encode() not in token
    assert unseal_text(key, token, aad=b"request:1") == "Сотқа шақыру қағазы келді"


def test_the_same_text_sealed_twice_gives_different_tokens() -> None:
    key = new_data_key()
    assert seal(key, b"same") != seal(key, b"same")


def test_data_keys_are_random_32_bytes() -> None:
    first, second = new_data_key(), new_data_key()
    assert len(first) == 32
    assert first != second


@pytest.mark.parametrize("position", [0, 1, 30, -1])
def test_a_tampered_token_refuses_to_open(position: int) -> None:
    key = new_data_key()
    token = seal(key, b"narrative of the request")
    with pytest.raises(DecryptionFailed):
        unseal(key, flip(token, position % len(token)))


def test_a_token_under_another_key_refuses_to_open() -> None:
    token = seal(new_data_key(), b"secret")
    with pytest.raises(DecryptionFailed):
        unseal(new_data_key(), token)


def test_a_token_moved_to_another_place_refuses_to_open() -> None:
    key = new_data_key()
    token = seal(key, b"secret", aad=b"case:7:note")
    with pytest.raises(DecryptionFailed):
        unseal(key, token, aad=b"case:8:note")
    with pytest.raises(DecryptionFailed):
        unseal(key, token)


@pytest.mark.parametrize("token", [b"", b"\x01", b"\x02" + b"x" * 60, b"not a token at all"])
def test_garbage_is_refused_as_a_failed_decryption(token: bytes) -> None:
    with pytest.raises(DecryptionFailed):
        unseal(new_data_key(), token)


def test_a_key_of_the_wrong_length_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        seal(b"short", b"x")


@settings(max_examples=50, deadline=None)
@given(plaintext=st.binary(max_size=2000), aad=st.binary(max_size=40))
def test_any_bytes_round_trip(plaintext: bytes, aad: bytes) -> None:
    key = new_data_key()
    assert unseal(key, seal(key, plaintext, aad=aad), aad=aad) == plaintext


# --- streams


def encrypted(data: bytes, key: bytes, chunk_size: int = 64 * 1024) -> tuple[bytes, object]:
    out = io.BytesIO()
    info = encrypt_stream(key, io.BytesIO(data), out, chunk_size=chunk_size)
    return out.getvalue(), info


def decrypted(token: bytes, key: bytes) -> bytes:
    out = io.BytesIO()
    decrypt_stream(key, io.BytesIO(token), out)
    return out.getvalue()


@pytest.mark.parametrize("size", [0, 1, 99, 100, 101, 1000, 12345])
def test_files_of_any_size_round_trip_in_chunks(size: int) -> None:
    key = new_data_key()
    data = bytes(range(256)) * (size // 256 + 1)
    data = data[:size]
    token, info = encrypted(data, key, chunk_size=100)
    assert decrypted(token, key) == data
    assert info.size == size  # type: ignore[attr-defined]


def test_the_stream_reports_the_sha256_of_the_original_as_evidence() -> None:
    import hashlib

    data = b"%PDF-1.7 summons" * 500
    _, info = encrypted(data, new_data_key())
    assert info.sha256 == hashlib.sha256(data).hexdigest()  # type: ignore[attr-defined]


def test_an_encrypted_file_does_not_contain_its_plaintext() -> None:
    token, _ = encrypted(b"MARKER-IN-A-FILE " * 100, new_data_key(), chunk_size=64)
    assert b"MARKER-IN-A-FILE" not in token


@pytest.mark.parametrize("cut", [1, 17, 100, 117, 118])
def test_a_truncated_file_is_refused(cut: int) -> None:
    key = new_data_key()
    token, _ = encrypted(b"x" * 1000, key, chunk_size=100)
    with pytest.raises(DecryptionFailed):
        decrypted(token[:-cut], key)


def test_a_file_cut_exactly_at_a_chunk_boundary_is_refused() -> None:
    key = new_data_key()
    token, _ = encrypted(b"x" * 1000, key, chunk_size=100)
    header = 5 + 24
    whole_chunks = header + 3 * (100 + 17)
    assert len(token) > whole_chunks
    with pytest.raises(DecryptionFailed, match="truncated"):
        decrypted(token[:whole_chunks], key)


def test_a_file_with_a_chunk_dropped_or_reordered_is_refused() -> None:
    key = new_data_key()
    token, _ = encrypted(b"abcdefghij" * 30, key, chunk_size=100)
    header, size = 5 + 24, 117
    chunks = [token[header + i * size : header + (i + 1) * size] for i in range(3)]
    with pytest.raises(DecryptionFailed):
        decrypted(token[:header] + chunks[0] + chunks[2], key)
    with pytest.raises(DecryptionFailed):
        decrypted(token[:header] + chunks[1] + chunks[0] + chunks[2], key)


@pytest.mark.parametrize("position", [0, 3, 10, 40, 200, -1])
def test_a_tampered_file_is_refused(position: int) -> None:
    key = new_data_key()
    token, _ = encrypted(b"y" * 500, key, chunk_size=100)
    with pytest.raises(DecryptionFailed):
        decrypted(flip(token, position % len(token)), key)


def test_data_appended_after_the_end_is_refused() -> None:
    key = new_data_key()
    token, _ = encrypted(b"z" * 50, key)
    with pytest.raises(DecryptionFailed):
        decrypted(token + b"extra", key)


def test_a_file_under_another_key_is_refused() -> None:
    token, _ = encrypted(b"z" * 50, new_data_key())
    with pytest.raises(DecryptionFailed):
        decrypted(token, new_data_key())


# --- wrapping for people and secrets


def test_a_data_key_wrapped_for_a_person_opens_only_with_their_private_key() -> None:
    public, private = new_key_pair()
    _, other_private = new_key_pair()
    data_key = new_data_key()
    wrapped = wrap_for(public, data_key)
    assert unwrap_with(private, wrapped) == data_key
    with pytest.raises(DecryptionFailed):
        unwrap_with(other_private, wrapped)
    with pytest.raises(DecryptionFailed):
        unwrap_with(private, flip(wrapped, 20))


def test_a_data_key_wrapped_with_a_secret_opens_only_with_that_secret_and_context() -> None:
    data_key = new_data_key()
    wrapped = wrap_with_secret("K7QM-4XPA-9D2T-WR6E", data_key, context=b"receipt")
    assert unwrap_with_secret("K7QM-4XPA-9D2T-WR6E", wrapped, context=b"receipt") == data_key
    with pytest.raises(DecryptionFailed):
        unwrap_with_secret("K7QM-4XPA-9D2T-WR6F", wrapped, context=b"receipt")
    with pytest.raises(DecryptionFailed):
        unwrap_with_secret("K7QM-4XPA-9D2T-WR6E", wrapped, context=b"password")
    with pytest.raises(DecryptionFailed):
        unwrap_with_secret(
            "K7QM-4XPA-9D2T-WR6E", flip(wrapped, len(wrapped) - 1), context=b"receipt"
        )


def test_a_secret_wrap_keeps_its_own_cost_so_raising_the_setting_locks_nobody_out() -> None:
    data_key = new_data_key()
    wrapped = wrap_with_secret("password one", data_key, context=b"p", cost=KDF_COSTS["minimum"])
    with override_settings(QORGAU_KDF_COST="interactive"):
        assert unwrap_with_secret("password one", wrapped, context=b"p") == data_key


def test_a_secret_wrap_with_an_absurd_cost_is_refused_before_any_work() -> None:
    wrapped = bytearray(wrap_with_secret("pw", new_data_key(), context=b"p"))
    wrapped[5:9] = (2**31).to_bytes(4, "big")  # memlimit: 2 TiB
    with pytest.raises(DecryptionFailed):
        unwrap_with_secret("pw", bytes(wrapped), context=b"p")


def test_an_unknown_cost_setting_is_a_configuration_error() -> None:
    with override_settings(QORGAU_KDF_COST="lavish"), pytest.raises(ImproperlyConfigured):
        wrap_with_secret("pw", new_data_key(), context=b"p")


def test_the_escrow_key_comes_from_the_setting() -> None:
    public, _ = new_key_pair()
    with override_settings(QORGAU_ESCROW_PUBLIC_KEY=""):
        assert escrow_public_key() is None
    with override_settings(QORGAU_ESCROW_PUBLIC_KEY=base64.b64encode(public).decode()):
        assert escrow_public_key() == public
    with (
        override_settings(QORGAU_ESCROW_PUBLIC_KEY="c2hvcnQ="),
        pytest.raises(ImproperlyConfigured, match="escrow-keygen"),
    ):
        escrow_public_key()


# --- server key: P1 fields, receipts, blind indexes


def test_a_p1_field_opens_only_for_its_purpose() -> None:
    token = server_seal("Иванов Иван", purpose="helpdesk.party.name")
    assert "Иванов".encode() not in token
    assert server_unseal(token, purpose="helpdesk.party.name") == "Иванов Иван"
    with pytest.raises(DecryptionFailed):
        server_unseal(token, purpose="helpdesk.case.number")


def test_a_p1_field_does_not_open_under_another_server_key() -> None:
    token = server_seal("Иванов Иван", purpose="x")
    other = base64.b64encode(b"k" * 32).decode()
    with override_settings(QORGAU_SERVER_KEY=other), pytest.raises(DecryptionFailed):
        server_unseal(token, purpose="x")


def test_a_malformed_server_key_is_a_configuration_error() -> None:
    with (
        override_settings(QORGAU_SERVER_KEY="too short"),
        pytest.raises(ImproperlyConfigured, match="QORGAU_SERVER_KEY"),
    ):
        server_seal("x", purpose="x")


def test_receipt_codes_hash_the_same_however_they_are_typed() -> None:
    written = receipt_lookup_hash("K7QM-4XPA-9D2T-WR6E")
    assert receipt_lookup_hash("k7qm 4xpa 9d2t wr6e") == written
    assert receipt_lookup_hash(" K7QM4XPA9D2TWR6E ") == written
    assert receipt_lookup_hash("K7QM-4XPA-9D2T-WR6F") != written
    assert len(written) == 64
    assert "K7QM" not in written


def test_one_derivation_gives_a_lookup_hash_and_a_key_that_tell_nothing_of_each_other() -> None:
    keys = receipt_keys("K7QM-4XPA-9D2T-WR6E")
    kek = keys.key_encryption_key
    assert len(kek) == 32 and len(bytes.fromhex(keys.lookup)) == 32
    assert kek.hex() != keys.lookup and keys.old_lookup not in (keys.lookup, kek.hex())
    # Neither is computed from the other by the derivation that made it from the shared root.
    assert receipt_keys_from_root(kek)[0] != keys.lookup
    assert receipt_keys_from_root(bytes.fromhex(keys.lookup))[1] != kek
    assert receipt_keys_from_root(bytes.fromhex(keys.old_lookup)) == (keys.lookup, kek)


def receipt_keys_from_root(root: bytes) -> tuple[str, bytes]:
    import nacl.encoding
    import nacl.hash

    def sub(purpose: bytes) -> bytes:
        return nacl.hash.blake2b(
            purpose,
            digest_size=32,
            key=root,
            person=b"qorgau:receipt",
            encoder=nacl.encoding.RawEncoder,
        )

    return sub(b"lookup").hex(), sub(b"key-encryption")


def test_a_data_key_wrapped_for_a_receipt_opens_only_with_that_code_and_context() -> None:
    data_key = new_data_key()
    keys = receipt_keys("K7QM-4XPA-9D2T-WR6E")
    wrapped = wrap_for_receipt(keys, data_key, context=b"receipt")
    assert wrapped[:1] == b"\x02"
    assert unwrap_for_receipt("k7qm4xpa9d2twr6e", keys, wrapped, context=b"receipt") == data_key
    wrong = receipt_keys("K7QM-4XPA-9D2T-WR6F")
    with pytest.raises(DecryptionFailed):
        unwrap_for_receipt("K7QM-4XPA-9D2T-WR6F", wrong, wrapped, context=b"receipt")
    with pytest.raises(DecryptionFailed):
        unwrap_for_receipt("K7QM-4XPA-9D2T-WR6E", keys, wrapped, context=b"password")
    with pytest.raises(DecryptionFailed):
        unwrap_for_receipt("K7QM-4XPA-9D2T-WR6E", keys, flip(wrapped, 30), context=b"receipt")


def test_a_receipt_wrap_in_the_older_secret_format_still_opens() -> None:
    data_key = new_data_key()
    old = wrap_with_secret("K7QM4XPA9D2TWR6E", data_key, context=b"receipt")
    keys = receipt_keys("K7QM-4XPA-9D2T-WR6E")
    assert unwrap_for_receipt("K7QM-4XPA-9D2T-WR6E", keys, old, context=b"receipt") == data_key
    with pytest.raises(DecryptionFailed):
        unwrap_for_receipt(
            "K7QM-4XPA-9D2T-WR6F", receipt_keys("K7QM-4XPA-9D2T-WR6F"), old, context=b"receipt"
        )


def test_look_alike_characters_in_a_receipt_code_are_forgiven() -> None:
    assert normalise_receipt_code("o0-Il1") == "00111"
    # Cyrillic Р, А and Х typed on a Russian keyboard layout
    assert normalise_receipt_code("РАХ") == normalise_receipt_code("PAX")


def test_the_receipt_hash_depends_on_the_server_key() -> None:
    written = receipt_lookup_hash("K7QM-4XPA-9D2T-WR6E")
    with override_settings(QORGAU_SERVER_KEY=base64.b64encode(b"k" * 32).decode()):
        assert receipt_lookup_hash("K7QM-4XPA-9D2T-WR6E") != written


SAME_PERSON = [
    ("Нұрланұлы Ерлан", "Нурланулы Ерлан"),
    ("Нұрланұлы Ерлан", "Yerlan Nurlanuly"),
    ("Нұрланұлы Ерлан", "Ерлан Нурланович"),
    ("Нұрланұлы Ерлан", "Ерлан Нұрлан ұлы"),
    ("Нұрланұлы Ерлан", "ERLAN NURLANULY"),
    ("Нұрланұлы Ерлан", "Nurlanuly, Erlan"),
    ("Ерлан Нурланович", "Нурланов Ерлан"),
    ("Нурланов Ерлан Серикович", "Ерлан Нурланов"),
    ("Нурланов Ерлан Серикович", "Yerlan Nurlanov"),
    ("Серікқызы Әйгерім", "Aigerim Serikkyzy"),
    ("Серікқызы Әйгерім", "Айгерим Сериковна"),
    ("Серікқызы Әйгерім", "Серикова Айгерим"),
    ("Серікқызы Әйгерім", "Aıgerim Serikqyzy"),
    ("Жандос Оспанов", "Zhandos Ospanov"),
    ("Жандос Оспанов", "Jandos Ospanov"),
    ("Ерлан Нұрлан-ұлы", "Нурланулы Ерлан"),
    ("Дмитрий Сергеев", "Dmitry Sergeyev"),
    ("Дмитриев Олег", "Oleg Dmitriyev"),
    ("Дмитрий Сергеевич Сергеев", "Dmitriy Sergeev"),
    ("Артём Хасенов", "Artem Khasenov"),
    ("Артём Хасенов", "Артем Хасенов"),
    ("Юлия Цой", "Yuliya Tsoy"),
    ("Ғалымжан Қасымов", "Galymzhan Kasymov"),
    ("Ғалымжан Қасымов", "Ğalymjan Qasymov"),
    ("ТОО «Медиа-Альянс»", "Медиа Альянс LLP"),
    ("ТОО «Медиа-Альянс»", "Media-Alyans"),
]

DIFFERENT_PEOPLE = [
    ("Нұрланұлы Ерлан", "Нұрланұлы Ержан"),
    ("Нұрланұлы Ерлан", "Ерлан"),
    ("Нұрланұлы Ерлан", "Серікұлы Ерлан"),
    ("Жандос Оспанов", "Жандос Оспанов Ерланович Кемелов"),
    ("Е. Нурланулы", "Ерлан Нурланулы"),
    ("Иванов Иван", "Иван Петров"),
    ("ТОО «Медиа-Альянс»", "ТОО «Медиа-Холдинг»"),
]


@pytest.mark.parametrize(("one", "other"), SAME_PERSON)
def test_spellings_of_one_name_share_a_variant(one: str, other: str) -> None:
    assert name_variants(one) & name_variants(other)


@pytest.mark.parametrize(("one", "other"), SAME_PERSON)
def test_spellings_of_one_name_share_a_blind_index(one: str, other: str) -> None:
    assert blind_index(one, purpose="party") & blind_index(other, purpose="party")


@pytest.mark.parametrize(("one", "other"), DIFFERENT_PEOPLE)
def test_different_names_share_no_variant(one: str, other: str) -> None:
    assert not name_variants(one) & name_variants(other)
    assert not blind_index(one, purpose="party") & blind_index(other, purpose="party")


def test_a_blind_index_is_keyed_by_purpose_and_reveals_no_name() -> None:
    parties = blind_index("Нұрланұлы Ерлан", purpose="helpdesk.party")
    judges = blind_index("Нұрланұлы Ерлан", purpose="helpdesk.judge")
    assert parties
    assert not parties & judges
    assert all(len(entry) == 64 and "nurlan" not in entry for entry in parties)


def test_a_blind_index_depends_on_the_server_key() -> None:
    here = blind_index("Нұрланұлы Ерлан", purpose="p")
    with override_settings(QORGAU_SERVER_KEY=base64.b64encode(b"k" * 32).decode()):
        assert not blind_index("Нұрланұлы Ерлан", purpose="p") & here


def test_an_empty_name_has_no_variants() -> None:
    assert name_variants("  «» - ") == set()
    assert blind_index("", purpose="p") == set()


def test_variants_include_the_name_as_typed_and_with_kazakh_letters_folded() -> None:
    variants = name_variants("Нұрланұлы  Ерлан!")
    assert "нұрланұлы ерлан" in variants
    assert "нурланулы ерлан" in variants


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_text_gives_variants_without_error(name: str) -> None:
    variants = name_variants(name)
    assert all(variant.strip() == variant and variant for variant in variants)

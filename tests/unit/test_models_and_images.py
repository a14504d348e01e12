"""Loading models and images: real files, real bad files, every image mode."""

from __future__ import annotations

import io
import pickle
import zipfile
from pathlib import Path

import keras
import numpy as np
import pytest
from PIL import Image, ImageFile

from alexnet.analysis.images import open_image, prepare_image
from alexnet.analysis.models import load_model, load_model_bytes, model_input_shape
from alexnet.config.spec import ConvBlock, DenseBlock, ModelSpec
from alexnet.network.builder import build_model
from tests.images import animated_gif, encode, gradient, png_claiming, sixteen_bit

SPEC = ModelSpec(
    name="io",
    input_shape=(16, 16, 3),
    conv_blocks=(ConvBlock(4, 3, pool=True),),
    dense_blocks=(DenseBlock(8),),
    batch_norm="before_activation",
)


@pytest.fixture(scope="module")
def saved_model(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("models") / "small.keras"
    build_model(SPEC).save(path)
    return path


def test_a_saved_model_reloads_with_the_same_outputs(saved_model: Path) -> None:
    model = load_model(saved_model)
    original = keras.saving.load_model(saved_model, compile=False)
    x = np.random.default_rng(0).integers(0, 256, (2, 16, 16, 3)).astype("float32")
    np.testing.assert_allclose(model(x), original(x), rtol=1e-6)
    assert model_input_shape(model) == (16, 16, 3)
    assert [layer.name for layer in model.layers][:3] == ["rescaling", "conv1", "conv1_bn"]


def test_uploaded_model_bytes_load_like_the_file(saved_model: Path) -> None:
    model = load_model_bytes(saved_model.read_bytes(), "my model.keras")
    assert model_input_shape(model) == (16, 16, 3)
    with pytest.raises(ValueError, match=r"notes\.txt is not a \.keras file"):
        load_model_bytes(saved_model.read_bytes(), "notes.txt")


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def bad_files(folder: Path, saved_model: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, the words its error message must contain)."""
    good = saved_model.read_bytes()
    return {
        "missing": (folder / "absent.keras", "No model file at"),
        "wrong extension": (write(folder / "model.h5", good), r"model\.h5 is not a \.keras file"),
        "no extension": (write(folder / "model", good), "is not a .keras file"),
        "random bytes": (
            write(folder / "noise.keras", np.random.default_rng(0).bytes(5000)),
            r"noise\.keras is not a valid \.keras file",
        ),
        "pickle": (
            write(folder / "pickled.keras", pickle.dumps({"weights": [1, 2, 3]})),
            "a .keras file is a zip archive",
        ),
        "truncated": (
            write(folder / "truncated.keras", good[: len(good) // 2]),
            "may be truncated",
        ),
        "zip without config": (
            write(folder / "photos.keras", zip_bytes({"a.txt": b"hello"})),
            "lacks config.json and model.weights.h5",
        ),
        "config that is not a model": (
            write(
                folder / "fake.keras",
                zip_bytes({"config.json": b'{"not": "a model"}', "model.weights.h5": b"x"}),
            ),
            r"fake\.keras could not be loaded as a Keras model",
        ),
        "empty": (write(folder / "empty.keras", b""), "not a valid .keras file"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "missing",
        "wrong extension",
        "no extension",
        "random bytes",
        "pickle",
        "truncated",
        "zip without config",
        "config that is not a model",
        "empty",
    ],
)
def test_a_file_that_is_not_a_keras_model_gives_a_clear_value_error(
    case: str, tmp_path: Path, saved_model: Path
) -> None:
    path, message = bad_files(tmp_path, saved_model)[case]
    with pytest.raises(ValueError, match=message) as error:
        load_model(path)
    assert "Keras model" in str(error.value) or "model.save" in str(error.value)


def test_a_model_with_a_lambda_layer_is_refused_by_safe_mode(tmp_path: Path) -> None:
    model = keras.Sequential(
        [keras.Input((4,)), keras.layers.Lambda(lambda x: x * 2), keras.layers.Dense(2)]
    )
    path = tmp_path / "lambda.keras"
    model.save(path)
    with pytest.raises(ValueError, match=r"lambda\.keras could not be loaded"):
        load_model(path)


IMAGES = {
    "grayscale": lambda: encode(gradient("L"), "PNG"),
    "black and white": lambda: encode(gradient("1"), "PNG"),
    "rgb jpeg": lambda: encode(gradient("RGB"), "JPEG"),
    "rgba": lambda: encode(gradient("RGBA"), "PNG"),
    "grayscale with alpha": lambda: encode(gradient("LA"), "PNG"),
    "palette": lambda: encode(gradient("P"), "PNG"),
    "cmyk": lambda: encode(gradient("CMYK"), "JPEG"),
    "16-bit": lambda: encode(sixteen_bit(), "PNG"),
    "32-bit integer": lambda: encode(gradient("I"), "TIFF"),
    "float": lambda: encode(gradient("F"), "TIFF"),
    "animated gif": animated_gif,
    "webp": lambda: encode(gradient("RGB"), "WEBP"),
    "bmp": lambda: encode(gradient("RGB"), "BMP"),
}


@pytest.mark.parametrize("kind", IMAGES)
def test_every_image_mode_becomes_an_rgb_uint8_array_of_the_model_size(kind: str) -> None:
    image = open_image(IMAGES[kind]())
    array = prepare_image(image, (32, 32, 3))
    assert array.shape == (32, 32, 3)
    assert array.dtype == np.uint8
    if kind != "black and white":
        assert array.std() > 0 or kind == "animated gif"  # the content survived


def test_sixteen_bit_images_keep_their_full_range() -> None:
    array = prepare_image(open_image(IMAGES["16-bit"]()), (30, 40, 3))
    assert array.min() <= 3 and array.max() >= 250


def test_an_animated_gif_gives_its_first_frame() -> None:
    array = prepare_image(open_image(animated_gif()), (8, 8, 3))
    assert array[4, 4].tolist() == [255, 0, 0]


def test_transparent_pixels_become_white() -> None:
    clear = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    assert prepare_image(clear, (4, 4, 3)).min() == 255


def test_images_are_center_cropped_to_the_model_aspect_ratio_not_padded() -> None:
    wide = np.zeros((32, 64, 3), np.uint8)
    wide[:, :16] = (255, 0, 0)
    wide[:, 16:48] = (0, 255, 0)
    wide[:, 48:] = (0, 0, 255)
    array = prepare_image(Image.fromarray(wide), (16, 16, 3))
    assert (array == (0, 255, 0)).all()


def test_grayscale_models_get_one_channel() -> None:
    assert prepare_image(gradient("RGB"), (8, 8, 1)).shape == (8, 8, 1)


@pytest.mark.parametrize("side", [20_000, 10_000])
def test_a_decompression_bomb_is_refused_before_decoding(side: int, monkeypatch) -> None:
    # Refused from the header: not one pixel is decoded (Pillow decodes in ImageFile.load).
    # 20000x20000 is past Pillow's own bomb limit, 10000x10000 only past ours.
    decoded: list[tuple[int, int]] = []
    load = ImageFile.ImageFile.load

    def watched_load(image):
        decoded.append(image.size)
        return load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", watched_load)
    with pytest.raises(ValueError, match=r"too large|megapixel limit"):
        open_image(png_claiming(side, side))
    assert decoded == []
    # The watch sees decoding: the same kind of file, as large as its 1,000 pixel bytes, is.
    open_image(png_claiming(24, 40))
    assert decoded == [(24, 40)]


def test_prepare_image_refuses_a_huge_lazily_opened_image() -> None:
    lazy = Image.open(io.BytesIO(png_claiming(9_000, 9_000)))
    with pytest.raises(ValueError, match="megapixel limit"):
        prepare_image(lazy, (32, 32, 3))


PNG_BYTES = encode(gradient("RGB", (200, 200)), "PNG")
JPEG_BYTES = encode(gradient("RGB", (200, 200)), "JPEG")
TRUNCATED_PNG = PNG_BYTES[: len(PNG_BYTES) // 2]
TRUNCATED_JPEG = JPEG_BYTES[: len(JPEG_BYTES) // 2]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"this is not an image at all", "not an image"),
        (pickle.dumps([1, 2, 3]), "not an image"),
        (TRUNCATED_PNG, "truncated or damaged"),
        (TRUNCATED_JPEG, "truncated or damaged"),
    ],
    ids=["empty", "text", "pickle", "truncated png", "truncated jpeg"],
)
def test_bytes_that_are_not_a_whole_image_give_a_value_error(data: bytes, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        open_image(data)


def test_model_input_shape_refuses_models_without_a_fixed_image_input() -> None:
    model = keras.Sequential([keras.Input((None, None, 3)), keras.layers.Conv2D(2, 3)])
    with pytest.raises(ValueError, match="fixed size"):
        model_input_shape(model)

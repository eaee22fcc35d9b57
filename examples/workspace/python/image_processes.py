import multiprocessing
from PIL import Image

def process_image(image_path):
    image = Image.open(image_path)
    # Perform image processing operations
    # ...

    processed_image_path = f"processed_{image_path}"
    image.save(processed_image_path)
    print(f"Image processed: {processed_image_path}")

if __name__ == '__main__':
    # List of image file paths
    image_files = ['image1.jpg', 'image2.jpg', 'image3.jpg', 'image4.jpg']

    # Create and start the processes
    processes = []
    for image_file in image_files:
        process = multiprocessing.Process(target=process_image, args=(image_file,))
        process.start()
        processes.append(process)

    print("Main process continues executing...")

    # Wait for all processes to finish
    for process in processes:
        process.join()

    print("Main process exiting.")
